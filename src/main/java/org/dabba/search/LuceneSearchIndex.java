package org.dabba.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollector;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.util.IORunnable;
import org.apache.lucene.util.IOSupplier;

/**
 * The embedded search engine: Lucene indexes {@code <dir>/index-<n>} ({@link LuceneGeneration}), the live one
 * named in {@code <dir>/current}. Writes are serialized and committed one by one (ingestion is not a hot path).
 */
public class LuceneSearchIndex implements SearchIndex, AutoCloseable {

    private final Path root;
    private final LuceneQueries queries;
    private final boolean outdated;
    private volatile LuceneGeneration live;
    private volatile LuceneGeneration building;

    public LuceneSearchIndex(Path root) {
        this(root, Ranking.MINUTES_PER_KM);
    }

    public LuceneSearchIndex(Path root, double minutesPerKm) {
        this.root = root;
        this.queries = new LuceneQueries(minutesPerKm);
        try {
            Files.createDirectories(root);
            Path current = root.resolve("current");
            int number = Files.exists(current) ? Integer.parseInt(Files.readString(current).strip()) : 0;
            live = new LuceneGeneration(root, number);
            live.loadVersions();
            outdated = !live.versions.isEmpty() && !live.inCurrentLayout();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the search index in " + root, e);
        }
    }

    @Override
    public boolean needsRebuild() {
        return outdated;
    }

    @Override
    public synchronized boolean upsert(SearchDocument document) {
        return io(() -> {
            boolean changed = live.write(document);
            if (building != null) {
                building.write(document);
            }
            return changed;
        });
    }

    @Override
    public synchronized boolean remove(UUID restaurantId, long version) {
        return io(() -> {
            boolean changed = live.delete(restaurantId, version);
            if (building != null) {
                building.delete(restaurantId, version);
            }
            return changed;
        });
    }

    @Override
    public SearchPage search(SearchQuery q) {
        return io(() -> live.read(searcher -> {
            Query ranked = queries.ranked(q, searcher);
            int wanted = (q.page() + 1) * q.size();
            boolean byRelevance = q.order() == SearchQuery.SortBy.RELEVANCE;
            // One pass that ranks and counts: every match is scored anyway, so exact totals cost nothing extra.
            TopDocs top = byRelevance
                    ? searcher.search(ranked, new TopScoreDocCollectorManager(wanted, null, Integer.MAX_VALUE, false))
                    : searcher.search(ranked, new TopFieldCollectorManager(queries.sort(q), wanted, null,
                            Integer.MAX_VALUE, false));
            if (!byRelevance) {
                TopFieldCollector.populateScores(top.scoreDocs, searcher, ranked);
            }
            List<Hit> hits = new ArrayList<>();
            for (int i = q.page() * q.size(); i < top.scoreDocs.length; i++) {
                ScoreDoc scoreDoc = top.scoreDocs[i];
                SearchDocument document = LuceneGeneration.document(searcher, scoreDoc.doc, q.hasText());
                hits.add(new Hit(document, q.distanceKm(document), scoreDoc.score));
            }
            return new SearchPage(hits, top.totalHits.value);
        }));
    }

    @Override
    public long count() {
        return io(() -> live.read(searcher -> (long) searcher.getIndexReader().numDocs()));
    }

    @Override
    public synchronized Rebuild rebuild() {
        if (building != null) {
            throw new IllegalStateException("A rebuild is already running");
        }
        LuceneGeneration fresh = io(() -> new LuceneGeneration(root, live.number + 1));
        unchecked(fresh.writer::deleteAll);
        building = fresh;
        return new Rebuild() {
            @Override
            public void add(List<SearchDocument> documents) {
                synchronized (LuceneSearchIndex.this) {
                    unchecked(() -> {
                        for (SearchDocument d : documents) {
                            fresh.stage(d);
                        }
                    });
                }
            }

            @Override
            public void publish() {
                synchronized (LuceneSearchIndex.this) {
                    unchecked(() -> {
                        fresh.commit();
                        Path pointer = root.resolve("current.tmp");
                        Files.writeString(pointer, Integer.toString(fresh.number), StandardCharsets.UTF_8);
                        Files.move(pointer, root.resolve("current"), StandardCopyOption.ATOMIC_MOVE,
                                StandardCopyOption.REPLACE_EXISTING);
                        LuceneGeneration old = live;
                        live = fresh;
                        building = null;
                        old.discard();
                    });
                }
            }

            @Override
            public void abandon() {
                synchronized (LuceneSearchIndex.this) {
                    building = null;
                    unchecked(fresh::discard);
                }
            }
        };
    }

    @Override
    public synchronized void close() throws IOException {
        if (building != null) {
            building.close();
        }
        live.close();
    }

    private static <T> T io(IOSupplier<T> action) {
        try {
            return action.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void unchecked(IORunnable action) {
        io(() -> {
            action.run();
            return null;
        });
    }
}
