// SPDX-License-Identifier: MIT
#pragma once

#include "net/TlsContext.h"
#include "net/TlsPolicy.h"

#include <QByteArray>
#include <QString>

#include <memory>

struct ssl_st;
struct bio_st;
struct x509_store_ctx_st;

namespace msim::net {

// One TLS client session (RFC 8446, RFC 5246) driven by OpenSSL over memory BIOs: the
// Connection moves ciphertext between the socket and this object, so every system call is the
// Connection's own and a reply is decrypted whole in one pass (DESIGN.md §7). The peer's chain
// is verified against the context's trust and checked against the TlsPolicy's pins inside the
// handshake: a refused certificate ends the handshake before any application octet is sent.
class TlsClient
{
public:
    // `verifyName` is the name (or IP address) the certificate must carry; a DNS name is also
    // sent as SNI.
    TlsClient(std::shared_ptr<TlsContext> context, TlsPolicy policy, const QString &verifyName);
    ~TlsClient();
    TlsClient(const TlsClient &) = delete;
    TlsClient &operator=(const TlsClient &) = delete;

    enum class Step {
        Done,   // handshake complete / everything available was decrypted
        More,   // needs more ciphertext from the peer
        Closed, // the peer sent close_notify
        Failed, // errorString() says why
    };

    // Ciphertext that arrived from the socket, `size` octets.
    void feed(const char *data, qsizetype size);
    // Advances the handshake with what was fed.
    Step handshake();
    // Appends decrypted octets to `plain`: at most `max` octets more. Done when more may be
    // waiting (call again), More when everything fed was used.
    Step read(QByteArray &plain, qsizetype max);
    // Encrypts `plain` (all of it; memory BIOs never refuse).
    bool write(QByteArrayView plain);
    // Queues close_notify.
    void shutdown();
    // Moves the ciphertext waiting to be sent to the end of `out`.
    void takeOutput(QByteArray &out);

    QString errorString() const { return m_errorString; }

    // Filled by the handshake's certificate check (whether it accepted or refused).
    bool decided() const { return m_decided; }
    const TlsPolicy::Decision &decision() const { return m_decision; }
    QByteArray peerDer() const { return m_peerDer; }
    QString protocol() const; // "TLSv1.3", "TLSv1.0", ...
    QString cipher() const;   // OpenSSL's name, "TLS_AES_256_GCM_SHA384"

    // OpenSSL's certificate verification callback of every TlsContext: verifies the chain,
    // collects every problem, and accepts or refuses by the TlsPolicy of the TlsClient.
    static int verifyChain(::x509_store_ctx_st *store, void *);

private:
    static int collectProblem(int ok, ::x509_store_ctx_st *store);
    Step failed(const QString &what);
    // The step an SSL call's `result` means; `unexplained` when OpenSSL queued no reason.
    Step stepAfter(int result, const QString &unexplained);

    std::shared_ptr<TlsContext> m_context;
    TlsPolicy m_policy;
    ssl_st *m_ssl = nullptr;
    bio_st *m_in = nullptr;  // ciphertext from the peer (owned by m_ssl)
    bio_st *m_out = nullptr; // ciphertext to the peer (owned by m_ssl)
    QString m_errorString;
    QList<TlsPolicy::Problem> m_problems;
    TlsPolicy::Decision m_decision;
    QByteArray m_peerDer;
    bool m_decided = false;
};

} // namespace msim::net
