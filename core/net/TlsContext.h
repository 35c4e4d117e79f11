// SPDX-License-Identifier: MIT
#pragma once

#include "net/TlsPolicy.h"

#include <QString>

#include <memory>

struct ssl_ctx_st;

namespace msim::net {

// The OpenSSL client context of one trust configuration, made once per process and shared by
// every connection with the same CA file and legacy setting (DESIGN.md §7). The system CAs are
// looked up lazily in OpenSSL's hashed certificate directory (SSL_CERT_DIR, else OpenSSL's
// default, /usr/lib/ssl/certs on Debian), one file per issuer actually needed, never parsed
// whole. SSL_CERT_FILE is not read (a whole bundle parsed on every start: docs/PERFORMANCE.md);
// a bundle is trusted by naming it as the CA file. A CA file is read once; a changed
// file (size or modification time) makes a new context.
class TlsContext
{
public:
    ~TlsContext();
    TlsContext(const TlsContext &) = delete;
    TlsContext &operator=(const TlsContext &) = delete;

    // The shared context for `policy` (its caFile and legacy flag; pins and names are per
    // connection). Returns null with *error set when the CA file cannot be read or holds no
    // PEM certificate, or OpenSSL cannot make a context. Thread-safe.
    static std::shared_ptr<TlsContext> forPolicy(const TlsPolicy &policy, QString *error);

    ssl_ctx_st *handle() const { return m_ctx; }

    // The OpenSSL library msim runs with, as OpenSSL names itself ("OpenSSL 3.0.17 1 Jul 2025"):
    // for --version and Help ▸ About.
    static QString libraryVersion();

private:
    explicit TlsContext(ssl_ctx_st *ctx)
        : m_ctx(ctx)
    {}
    ssl_ctx_st *m_ctx = nullptr;
};

} // namespace msim::net
