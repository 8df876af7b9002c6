<?php
// Client-lab driver for PHP (Debian php-cli + php-mysql, mysqlnd), contract: tests/client_lab.rs.
//   php php_clients.php SETTING_ID HOST PORT CA_FILE   (LAB_USER, LAB_PASSWORD in the env)
// One connection with the setting the id names, written as a person writes it; one JSON line.
// The error text is what PHP shows: its warnings (one per line, "Warning: function(): text")
// and then the exception's message, in the order they came.
[$setting, $host, $port, $ca] = array_slice($argv, 1, 4);
$user = getenv('LAB_USER');
$password = getenv('LAB_PASSWORD');
$messages = [];
set_error_handler(function ($no, $text) use (&$messages) {
    $messages[] = "Warning: $text";
    return true;
});
function result($connected, $version, $error) {
    echo json_encode(['connected' => $connected, 'tls_version' => $version, 'error' => $error],
        JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
}
try {
    switch ($setting) {
        case 'php-mysqli-verify':
            if (!class_exists('mysqli')) { fwrite(STDERR, "php-mysql (mysqli) is not installed\n"); exit(3); }
            mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
            $db = mysqli_init();
            $db->options(MYSQLI_OPT_CONNECT_TIMEOUT, 10);
            $db->options(MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, true);
            $db->ssl_set(null, null, $ca, null, null);
            $db->real_connect($host, $user, $password, null, (int)$port, null, MYSQLI_CLIENT_SSL);
            $row = $db->query("SHOW SESSION STATUS LIKE 'Ssl_version'")->fetch_row();
            $db->close();
            break;
        case 'php-pdo-verify-false':
            if (!class_exists('PDO') || !in_array('mysql', PDO::getAvailableDrivers())) {
                fwrite(STDERR, "php-mysql (pdo_mysql) is not installed\n");
                exit(3);
            }
            $db = new PDO("mysql:host=$host;port=$port", $user, $password, [
                PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
                PDO::ATTR_TIMEOUT => 10,
                PDO::MYSQL_ATTR_SSL_CA => $ca,
                PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => false,
            ]);
            $row = $db->query("SHOW SESSION STATUS LIKE 'Ssl_version'")->fetch(PDO::FETCH_NUM);
            $db = null;
            break;
        default:
            fwrite(STDERR, "php_clients.php: unknown setting $setting\n");
            exit(2);
    }
    result(true, $row ? (string)$row[1] : '', null);
} catch (Throwable $e) {
    $messages[] = get_class($e) . ': ' . $e->getMessage();
    result(false, null, implode("\n", $messages));
}
