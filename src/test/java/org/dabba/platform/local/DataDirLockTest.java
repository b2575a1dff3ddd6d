package org.dabba.platform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One app at a time on a data directory: another live app's servers are never taken for leftovers. (Every setting
 * given, so only the lock is taken and nothing embedded starts.)
 */
class DataDirLockTest {

    static LocalInfrastructure take(Path dir) {
        return LocalInfrastructure.start(dir, false, key -> true, new HashMap<>(), Set.of());
    }

    @Test
    void aSecondStartInTheSameJvmIsRefusedUntilTheFirstIsClosed(@TempDir Path dir) {
        LocalInfrastructure first = take(dir);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> take(dir));
        assertTrue(refused.getMessage().contains("already in use by this JVM"), refused.getMessage());
        first.close();
        take(dir).close();
    }

    @Test
    void aDataDirectoryHeldByAnotherLiveProcessIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        // Another app: a JVM that locks the file the way LocalInfrastructure does and writes its pid in it.
        Path holder = Files.writeString(dir.resolve("Holder.java"), String.join("\n",
                "import java.nio.channels.FileChannel;",
                "import java.nio.file.*;",
                "public class Holder {",
                "  public static void main(String[] a) throws Exception {",
                "    FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);",
                "    c.lock();",
                "    c.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + \"\\n\").getBytes()));",
                "    System.out.println(\"locked\");",
                "    Thread.sleep(60_000);",
                "  }",
                "}"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Process other = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                holder.toString(), data.resolve(LocalInfrastructure.LOCK_FILE).toString()))
                .redirectErrorStream(true).start();
        try {
            String line = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertEquals("locked", line);
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> take(data));
            assertTrue(refused.getMessage().contains("in use by another running app (pid " + other.pid() + ")"),
                    refused.getMessage());
        } finally {
            other.destroyForcibly().waitFor();
        }
        take(data).close(); // its end releases the lock
    }
}
