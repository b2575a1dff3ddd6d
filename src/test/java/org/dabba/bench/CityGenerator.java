package org.dabba.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/**
 * Fills a city straight into PostgreSQL (the "bulk" path): restaurants clustered around neighbourhood
 * centres with realistic names, 30 dishes each, all ACTIVE, most ONLINE. The index is then built through
 * the app's own rebuild (POST /admin/search/reindex), which reads through the services as ingestion does.
 */
final class CityGenerator {

    /** Hyderabad's neighbourhoods: centre and spread (km). */
    static final double[][] CENTRES = {
        { 17.4375, 78.4483, 2.5 }, { 17.3850, 78.4867, 3.0 }, { 17.4401, 78.3489, 2.0 }, { 17.4948, 78.3996, 2.5 },
        { 17.3616, 78.4747, 2.0 }, { 17.4065, 78.4772, 1.5 }, { 17.4504, 78.3808, 2.0 }, { 17.3457, 78.5522, 3.0 },
    };
    static final String[] PREFIX = { "Paradise", "Spice", "Royal", "Shah", "Bawarchi", "Green", "Golden", "Chutney",
        "Domino's", "Pista", "Cafe", "Mehfil", "Sarvi", "Kritunga", "Minerva", "Ohri's", "Chicha's", "Shadab" };
    static final String[] SUFFIX = { "House", "Kitchen", "Corner", "Grand", "Express", "Bhavan", "Dhaba", "Cafe",
        "Pizza", "Biryani", "Tiffins", "Restaurant", "Bistro", "Grill" };
    static final String[][] DISHES = {
        { "Hyderabadi Chicken Biryani", "Biryani", "NON_VEG" }, { "Mutton Dum Biryani", "Biryani", "NON_VEG" },
        { "Veg Biryani", "Biryani", "VEG" }, { "Margherita Pizza", "Pizza", "VEG" },
        { "Pepperoni Pizza", "Pizza", "NON_VEG" }, { "Masala Dosa", "Tiffins", "VEG" }, { "Idli Sambar", "Tiffins", "VEG" },
        { "Paneer Tikka", "Starters", "VEG" }, { "Chicken 65", "Starters", "NON_VEG" },
        { "Butter Chicken", "Main Course", "NON_VEG" }, { "Dal Makhani", "Main Course", "VEG" },
        { "Haleem", "Specials", "NON_VEG" }, { "Double Ka Meetha", "Desserts", "VEG" },
        { "Qubani Ka Meetha", "Desserts", "VEG" }, { "Irani Chai", "Beverages", "VEG" },
        { "Osmania Biscuits", "Bakery", "VEG" }, { "Chicken Shawarma", "Rolls", "NON_VEG" },
        { "Paneer Butter Masala", "Main Course", "VEG" }, { "Garlic Naan", "Breads", "VEG" },
        { "Tandoori Roti", "Breads", "VEG" }, { "Fish Fry", "Starters", "NON_VEG" }, { "Gobi Manchurian", "Chinese", "VEG" },
        { "Chicken Fried Rice", "Chinese", "NON_VEG" }, { "Hakka Noodles", "Chinese", "VEG" },
        { "Mango Lassi", "Beverages", "VEG" }, { "Pesarattu", "Tiffins", "VEG" }, { "Apollo Fish", "Starters", "NON_VEG" },
        { "Mirchi Ka Salan", "Main Course", "VEG" }, { "Lukhmi", "Snacks", "NON_VEG" }, { "Kheer", "Desserts", "VEG" },
        { "Veg Manchurian", "Chinese", "VEG" }, { "Tomato Soup", "Soups", "VEG" }, { "Chilli Chicken", "Chinese", "NON_VEG" },
    };

    private CityGenerator() {
    }

    static void fill(String jdbcUrl, int restaurants, int dishesEach, long seed) throws Exception {
        Random random = new Random(seed);
        try (Connection db = DriverManager.getConnection(jdbcUrl + "?reWriteBatchedInserts=true", "postgres", "postgres")) {
            db.setAutoCommit(false);
            UUID owner;
            try (ResultSet rs = db.createStatement().executeQuery("select id from users where role = 'ADMIN' limit 1")) {
                rs.next();
                owner = (UUID) rs.getObject(1);
            }
            Timestamp now = Timestamp.from(Instant.now());
            try (PreparedStatement r = db.prepareStatement("insert into restaurants (id, owner_id, name, description, "
                    + "status, operational_status, address_street, address_city, address_zip_code, latitude, longitude, "
                    + "contact_email, contact_phone, license_number, created_at, updated_at, version, rating, rating_count, "
                    + "popularity_score, prep_time_minutes) values (?,?,?,?,'ACTIVE',?,?,'Hyderabad','500001',?,?,"
                    + "'bench@example.com','+919800000000',?,?,?,1,?,?,?,?)");
                 PreparedStatement m = db.prepareStatement("insert into menu_items (id, restaurant_id, name, description, "
                    + "price, category, type, is_available, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?)")) {
                for (int i = 0; i < restaurants; i++) {
                    UUID id = UUID.randomUUID();
                    double[] c = CENTRES[random.nextInt(CENTRES.length)];
                    double km = random.nextGaussian() * c[2];
                    double angle = random.nextDouble() * 2 * Math.PI;
                    double lat = c[0] + km * Math.cos(angle) / 111.195;
                    double lon = c[1] + km * Math.sin(angle) / (111.195 * Math.cos(Math.toRadians(c[0])));
                    r.setObject(1, id);
                    r.setObject(2, owner);
                    r.setString(3, PREFIX[random.nextInt(PREFIX.length)] + " " + SUFFIX[random.nextInt(SUFFIX.length)]
                            + " " + (i % 97));
                    r.setString(4, "Neighbourhood favourite since " + (1950 + random.nextInt(70)));
                    r.setString(5, random.nextInt(10) < 8 ? "ONLINE" : "OFFLINE");
                    r.setString(6, (1 + random.nextInt(300)) + " Road No. " + (1 + random.nextInt(90)));
                    r.setBigDecimal(7, java.math.BigDecimal.valueOf(lat).setScale(7, java.math.RoundingMode.HALF_EVEN));
                    r.setBigDecimal(8, java.math.BigDecimal.valueOf(lon).setScale(7, java.math.RoundingMode.HALF_EVEN));
                    r.setString(9, "BENCH-" + id);
                    r.setTimestamp(10, now);
                    r.setTimestamp(11, now);
                    r.setBigDecimal(12, java.math.BigDecimal.valueOf(3 + random.nextDouble() * 2).setScale(2,
                            java.math.RoundingMode.HALF_EVEN));
                    r.setInt(13, random.nextInt(2000));
                    r.setBigDecimal(14, java.math.BigDecimal.valueOf(random.nextInt(5000)));
                    r.setInt(15, 10 + random.nextInt(30));
                    r.addBatch();
                    for (int d = 0; d < dishesEach; d++) {
                        String[] dish = DISHES[(i + d * 7) % DISHES.length];
                        m.setObject(1, UUID.randomUUID());
                        m.setObject(2, id);
                        m.setString(3, dish[0]);
                        m.setString(4, "House style " + dish[0].toLowerCase() + ", made to order");
                        m.setBigDecimal(5, java.math.BigDecimal.valueOf(80 + random.nextInt(400)));
                        m.setString(6, dish[1]);
                        m.setString(7, dish[2]);
                        m.setBoolean(8, random.nextInt(20) != 0);
                        m.setTimestamp(9, now);
                        m.setTimestamp(10, now);
                        m.addBatch();
                    }
                    if (i % 500 == 499) {
                        r.executeBatch();
                        m.executeBatch();
                        db.commit();
                    }
                }
                r.executeBatch();
                m.executeBatch();
                db.commit();
            }
        }
    }
}
