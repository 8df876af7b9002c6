# ruby_mysql2.rb SETTING_ID HOST PORT CA_FILE: one Ruby mysql2 (Debian ruby-mysql2, on
# libmariadb) connection with `sslca: CA, ssl_mode: :verify_identity`, as mysql2's README writes
# it; prints the lab contract's one JSON line.
require 'json'

begin
  require 'mysql2'
rescue LoadError => e
  warn "mysql2 is not installed: #{e.message}"
  exit 2
end

unless ARGV.length == 4
  warn 'usage: ruby_mysql2.rb SETTING_ID HOST PORT CA_FILE'
  exit 2
end
_setting, host, port, ca = ARGV

# libmariadb takes `localhost` as its Unix socket; the lab's host stands for a remote server, so
# an option file forces TCP (mysql2 has no protocol option of its own).
require 'tempfile'
cnf = Tempfile.new(['lab-mysql2', '.cnf'])
# libmariadb reads `protocol` from an option file as a number (ma_default.c: MARIADB_OPTION_INT);
# 1 is MYSQL_PROTOCOL_TCP.
cnf.write("[client]\nprotocol=1\n")
cnf.flush

begin
  client = Mysql2::Client.new(
    host: host, port: Integer(port), username: ENV['LAB_USER'], password: ENV['LAB_PASSWORD'],
    sslca: ca, ssl_mode: :verify_identity, connect_timeout: 10,
    default_file: cnf.path, default_group: 'client'
  )
  row = client.query("SHOW SESSION STATUS LIKE 'Ssl_version'").first
  client.close
  puts JSON.generate(connected: true, tls_version: row ? row['Value'] : '', error: nil)
rescue Mysql2::Error => e
  puts JSON.generate(connected: false, tls_version: nil, error: e.message)
end
