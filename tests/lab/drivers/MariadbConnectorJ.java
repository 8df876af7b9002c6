// MariadbConnectorJ SETTING_ID HOST PORT CA_FILE: one MariaDB Connector/J (Debian
// libmariadb-java) connection with `useSsl=true&serverSslCert=CA_FILE`, as its documentation
// writes it; prints the lab contract's one JSON line. Compiled by the lab with javac into target/.
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

public final class MariadbConnectorJ {
    private static String json(String s) {
        if (s == null) return "null";
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"') out.append("\\\"");
            else if (c == '\\') out.append("\\\\");
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: MariadbConnectorJ SETTING_ID HOST PORT CA_FILE");
            System.exit(2);
        }
        Class.forName("org.mariadb.jdbc.Driver");
        String url = "jdbc:mariadb://" + args[1] + ":" + args[2] + "/?useSsl=true&serverSslCert=" + args[3]
                + "&connectTimeout=10000";
        try (Connection c = DriverManager.getConnection(url, System.getenv("LAB_USER"), System.getenv("LAB_PASSWORD"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_version'")) {
            String version = rs.next() ? rs.getString(2) : "";
            System.out.println("{\"connected\":true,\"tls_version\":" + json(version) + ",\"error\":null}");
        } catch (SQLException e) {
            System.out.println("{\"connected\":false,\"tls_version\":null,\"error\":" + json(e.getMessage()) + "}");
        }
    }
}
