#pragma once

// libpq, loaded on first use, and a connection wrapped for speclint's few statements: what
// `verify` and the catalog reader share. libpq's types stay in src/verify/libpq.* and the files
// that include this header (src/verify/, src/drift/); they never reach include/speclint/.

#include <libpq-fe.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace speclint::pg {

/// The libpq functions speclint calls, resolved with dlsym.
struct libpq_api {
  decltype(&::PQcancel) cancel;
  decltype(&::PQclear) clear;
  decltype(&::PQconnectdb) connectdb;
  decltype(&::PQerrorMessage) errorMessage;
  decltype(&::PQexecParams) execParams;
  decltype(&::PQfinish) finish;
  decltype(&::PQfreeCancel) freeCancel;
  decltype(&::PQgetCancel) getCancel;
  decltype(&::PQgetisnull) getisnull;
  decltype(&::PQgetvalue) getvalue;
  decltype(&::PQnfields) nfields;
  decltype(&::PQntuples) ntuples;
  decltype(&::PQresultErrorField) resultErrorField;
  decltype(&::PQresultErrorMessage) resultErrorMessage;
  decltype(&::PQresultStatus) resultStatus;
  decltype(&::PQserverVersion) serverVersion;
  decltype(&::PQsetNoticeProcessor) setNoticeProcessor;
  decltype(&::PQstatus) status;
};

/// libpq is missing or a connection failed; the message is one line without the password.
class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// libpq's functions, loading libpq.so.5 on the first call; throws pg::error when it cannot.
const libpq_api& libpq();

/// The connection string with every password in it replaced by `***`: a URI's
/// `user:password@` and `?password=`, a `key=value` string's `password=` (and a URI given as
/// its `dbname`).
std::string redact(std::string_view conninfo);

/// `text` with each password `conninfo` holds (as written and percent-decoded) replaced by
/// `***`, for quoting what libpq says about a connection.
std::string redact_in(std::string text, std::string_view conninfo);

/// `s` on one line: newlines become spaces, trailing blanks go.
std::string one_line(std::string s);

struct result_free {
  void operator()(PGresult* r) const { libpq().clear(r); }
};
using result_ptr = std::unique_ptr<PGresult, result_free>;

/// What one statement gave: its rows, or its SQLSTATE and one-line message.
struct outcome {
  bool ok = false;
  std::string sqlstate;
  std::string message;
  result_ptr result;

  /// The text of a cell; empty for NULL or out of range.
  std::string value(int row, int col) const;
  /// True when the cell is NULL (or out of range).
  bool is_null(int row, int col) const;
  int rows() const;
};

/// One connection, closed with the object.
class session {
 public:
  /// Connects; throws pg::error ("cannot connect to PostgreSQL: …", the password redacted).
  explicit session(const std::string& conninfo);

  /// Runs one statement; parameters are text. The extended protocol refuses a second
  /// statement in the same string, so spec text can never smuggle one in.
  outcome exec(const std::string& sql, const std::vector<std::string>& params = {});

  bool alive() const;
  int server_version() const;
  /// A cancel handle for this connection (PQfreeCancel frees it).
  PGcancel* new_cancel() const;

 private:
  struct conn_free {
    void operator()(PGconn* c) const { libpq().finish(c); }
  };
  std::unique_ptr<PGconn, conn_free> conn_;
};

}  // namespace speclint::pg
