// go_mysql.go SETTING_ID HOST PORT CA_FILE: one go-sql-driver/mysql connection with
// RegisterTLSConfig("custom", &tls.Config{RootCAs: pool}) and ?tls=custom, exactly as the
// driver's README shows it; prints the lab contract's one JSON line. Built offline from Debian's
// golang-github-go-sql-driver-mysql-dev (GOPATH=/usr/share/gocode, GO111MODULE=off).
package main

import (
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"os"

	"github.com/go-sql-driver/mysql"
)

type result struct {
	Connected  bool    `json:"connected"`
	TLSVersion *string `json:"tls_version"`
	Error      *string `json:"error"`
}

func emit(r result) {
	line, _ := json.Marshal(r)
	fmt.Println(string(line))
}

func fail(err error) {
	msg := err.Error()
	emit(result{Connected: false, Error: &msg})
}

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: go_mysql SETTING_ID HOST PORT CA_FILE")
		os.Exit(2)
	}
	host, port, caFile := os.Args[2], os.Args[3], os.Args[4]
	pem, err := os.ReadFile(caFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	if err := mysql.RegisterTLSConfig("custom", &tls.Config{RootCAs: pool}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	dsn := fmt.Sprintf("%s:%s@tcp(%s)/?tls=custom&timeout=10s", os.Getenv("LAB_USER"), os.Getenv("LAB_PASSWORD"),
		net.JoinHostPort(host, port))
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		fail(err)
		return
	}
	defer db.Close()
	var name, version string
	if err := db.QueryRow("SHOW SESSION STATUS LIKE 'Ssl_version'").Scan(&name, &version); err != nil {
		fail(err)
		return
	}
	emit(result{Connected: true, TLSVersion: &version})
}
