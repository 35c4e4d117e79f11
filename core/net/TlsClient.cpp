// SPDX-License-Identifier: MIT
#include "net/TlsClient.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QHostAddress>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <utility>

namespace msim::net {

namespace {

QString asn1Time(const ASN1_TIME *t)
{
    struct tm tm = {};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
        return QStringLiteral("?");
    return QDateTime(QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday),
                     QTime(tm.tm_hour, tm.tm_min, tm.tm_sec), Qt::UTC)
        .toString(Qt::ISODate);
}

// A verification error in plain words, and the failure it counts as.
TlsPolicy::Problem problemFor(int code, X509 *cert)
{
    using F = TlsPolicy::Failure;
    switch (code) {
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        return {F::UntrustedIssuer, QStringLiteral("the certificate is self-signed")};
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        return {F::UntrustedIssuer,
                QStringLiteral("the chain ends in a self-signed certificate that is not trusted")};
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        return {F::UntrustedIssuer, QStringLiteral("the certificate's issuer is not a trusted CA")};
    case X509_V_ERR_CERT_UNTRUSTED:
    case X509_V_ERR_CERT_REJECTED:
        return {F::UntrustedIssuer, QStringLiteral("the certificate is not trusted")};
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        return {F::HostNameMismatch,
                QStringLiteral("the certificate does not name the server msim connected to")};
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return {F::Expired, QStringLiteral("the certificate expired on %1")
                                .arg(asn1Time(cert ? X509_get0_notAfter(cert) : nullptr))};
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return {F::NotYetValid, QStringLiteral("the certificate is not valid before %1")
                                    .arg(asn1Time(cert ? X509_get0_notBefore(cert) : nullptr))};
    default:
        return {F::Other, QString::fromLatin1(X509_verify_cert_error_string(code))};
    }
}

TlsClient *clientOf(X509_STORE_CTX *store)
{
    auto *ssl =
        static_cast<SSL *>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    return ssl ? static_cast<TlsClient *>(SSL_get_app_data(ssl)) : nullptr;
}

// Every error OpenSSL queued, oldest first, and the queue emptied.
QString openSslErrors()
{
    QStringList out;
    char buf[256];
    while (const unsigned long e = ERR_get_error()) {
        ERR_error_string_n(e, buf, sizeof buf);
        out << QString::fromLatin1(buf);
    }
    return out.join(QStringLiteral("; "));
}

} // namespace

TlsClient::TlsClient(std::shared_ptr<TlsContext> context, TlsPolicy policy,
                     const QString &verifyName)
    : m_context(std::move(context))
    , m_policy(std::move(policy))
{
    m_ssl = SSL_new(m_context->handle());
    m_in = BIO_new(BIO_s_mem());
    m_out = BIO_new(BIO_s_mem());
    BIO_set_mem_eof_return(m_in, -1); // an empty input is "wait", not the end
    SSL_set_bio(m_ssl, m_in, m_out);
    SSL_set_app_data(m_ssl, this);
    SSL_set_connect_state(m_ssl);
    const QByteArray name = verifyName.toUtf8();
    if (QHostAddress(verifyName).isNull()) {
        SSL_set_tlsext_host_name(m_ssl, name.constData());
        SSL_set1_host(m_ssl, name.constData());
    } else {
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(m_ssl), name.constData());
    }
}

TlsClient::~TlsClient()
{
    SSL_free(m_ssl); // frees both BIOs
}

int TlsClient::collectProblem(int ok, X509_STORE_CTX *store)
{
    if (!ok) {
        if (TlsClient *self = clientOf(store)) {
            const TlsPolicy::Problem p =
                problemFor(X509_STORE_CTX_get_error(store), X509_STORE_CTX_get_current_cert(store));
            const bool seen = std::any_of(self->m_problems.begin(), self->m_problems.end(),
                                          [&p](const auto &q) { return q.reason == p.reason; });
            if (!seen)
                self->m_problems.append(p);
        }
    }
    return 1; // go on: every problem is collected, the policy decides at the end
}

int TlsClient::verifyChain(X509_STORE_CTX *store, void *)
{
    TlsClient *self = clientOf(store);
    if (!self)
        return 0;
    X509_STORE_CTX_set_verify_cb(store, &TlsClient::collectProblem);
    self->m_problems.clear();
    X509_verify_cert(store);
    X509 *leaf = X509_STORE_CTX_get0_cert(store);
    self->m_peerDer.clear();
    if (leaf) {
        const int n = i2d_X509(leaf, nullptr);
        if (n > 0) {
            self->m_peerDer.resize(n);
            auto *p = reinterpret_cast<unsigned char *>(self->m_peerDer.data());
            i2d_X509(leaf, &p);
        }
    }
    self->m_decision = self->m_policy.evaluate(
        self->m_problems,
        self->m_peerDer.isEmpty()
            ? QByteArray()
            : QCryptographicHash::hash(self->m_peerDer, QCryptographicHash::Sha256));
    self->m_decided = true;
    if (self->m_decision.accept) {
        X509_STORE_CTX_set_error(store, X509_V_OK);
        return 1;
    }
    return 0;
}

void TlsClient::feed(const char *data, qsizetype size)
{
    if (size > 0)
        BIO_write(m_in, data, int(size));
}

TlsClient::Step TlsClient::failed(const QString &what)
{
    m_errorString = what;
    return Step::Failed;
}

TlsClient::Step TlsClient::handshake()
{
    ERR_clear_error();
    const int r = SSL_do_handshake(m_ssl);
    if (r == 1)
        return Step::Done;
    return stepAfter(r, QStringLiteral("the handshake failed"));
}

TlsClient::Step TlsClient::stepAfter(int result, const QString &unexplained)
{
    switch (SSL_get_error(m_ssl, result)) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
        return Step::More;
    case SSL_ERROR_ZERO_RETURN:
        return Step::Closed;
    default: {
        const QString errors = openSslErrors();
        return failed(errors.isEmpty() ? unexplained : errors);
    }
    }
}

TlsClient::Step TlsClient::read(QByteArray &plain, qsizetype max)
{
    ERR_clear_error();
    while (max > 0) {
        const qsizetype before = plain.size();
        // Decrypted octets are never more than the ciphertext that holds them.
        const qsizetype fed = qsizetype(BIO_ctrl_pending(m_in)) + SSL_pending(m_ssl);
        const int want = int(std::min<qsizetype>(max, std::max<qsizetype>(fed, 4096)));
        plain.resize(before + want);
        size_t got = 0;
        const int r = SSL_read_ex(m_ssl, plain.data() + before, size_t(want), &got);
        plain.resize(before + qsizetype(got));
        if (r == 1) {
            max -= qsizetype(got);
            continue;
        }
        return stepAfter(r, QStringLiteral("decryption failed"));
    }
    return Step::Done;
}

bool TlsClient::write(QByteArrayView plain)
{
    ERR_clear_error();
    size_t written = 0;
    if (plain.isEmpty())
        return true;
    if (SSL_write_ex(m_ssl, plain.data(), size_t(plain.size()), &written) != 1) {
        m_errorString = openSslErrors();
        return false;
    }
    return true;
}

void TlsClient::shutdown()
{
    ERR_clear_error();
    SSL_shutdown(m_ssl);
    ERR_clear_error();
}

void TlsClient::takeOutput(QByteArray &out)
{
    const size_t pending = BIO_ctrl_pending(m_out);
    if (pending == 0)
        return;
    const qsizetype at = out.size();
    out.resize(at + qsizetype(pending));
    const int n = BIO_read(m_out, out.data() + at, int(pending));
    out.resize(at + std::max(n, 0));
}

QString TlsClient::protocol() const
{
    switch (SSL_version(m_ssl)) {
    case TLS1_VERSION:
        return QStringLiteral("TLSv1.0");
    case TLS1_1_VERSION:
        return QStringLiteral("TLSv1.1");
    case TLS1_2_VERSION:
        return QStringLiteral("TLSv1.2");
    case TLS1_3_VERSION:
        return QStringLiteral("TLSv1.3");
    default:
        return QStringLiteral("unknown");
    }
}

QString TlsClient::cipher() const
{
    const SSL_CIPHER *c = SSL_get_current_cipher(m_ssl);
    return c ? QString::fromLatin1(SSL_CIPHER_get_name(c)) : QString();
}

} // namespace msim::net
