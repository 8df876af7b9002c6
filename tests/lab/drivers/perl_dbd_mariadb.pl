#!/usr/bin/perl
# Client-lab driver for Perl DBD::MariaDB (Debian libdbd-mariadb-perl), contract:
# tests/client_lab.rs.
#   perl perl_dbd_mariadb.pl SETTING_ID HOST PORT CA_FILE   (LAB_USER, LAB_PASSWORD in the env)
# One connection with the setting the id names, written as a person writes it; one JSON line.
# The error text is $DBI::errstr (what `DBI connect(…) failed: ` is followed by).
use strict;
use warnings;
use JSON::PP;

my ($setting, $host, $port, $ca) = @ARGV;
eval { require DBI; require DBD::MariaDB; 1 } or do { print STDERR "DBD::MariaDB is not installed: $@"; exit 3 };
my %dsn = (
    'perl-dbd-mariadb-verify' => "DBI:MariaDB:host=$host;port=$port;mariadb_ssl=1;mariadb_ssl_ca_file=$ca;"
        . "mariadb_ssl_verify_server_cert=1;mariadb_connect_timeout=10",
);
my $dsn = $dsn{$setting} or do { print STDERR "perl_dbd_mariadb.pl: unknown setting $setting\n"; exit 2 };
my $json = JSON::PP->new->canonical;
my $dbh = DBI->connect($dsn, $ENV{LAB_USER}, $ENV{LAB_PASSWORD}, { RaiseError => 0, PrintError => 0 });
if (!$dbh) {
    print $json->encode({ connected => JSON::PP::false, tls_version => undef, error => $DBI::errstr }), "\n";
    exit 0;
}
my ($name, $version) = $dbh->selectrow_array("SHOW SESSION STATUS LIKE 'Ssl_version'");
$dbh->disconnect;
print $json->encode({ connected => JSON::PP::true, tls_version => $version // '', error => undef }), "\n";
