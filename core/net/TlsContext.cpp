// SPDX-License-Identifier: MIT
#include "net/TlsContext.h"

#include "net/Logging.h"
#include "net/TlsClient.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace msim::net {

namespace {

// Adds every PEM certificate of `pem` to `store`; returns how many.
int addPemCertificates(X509_STORE *store, const QByteArray &pem)
{
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    if (!bio)
        return 0;
    int added = 0;
    while (X509 *cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
        if (X509_STORE_add_cert(store, cert) == 1)
            ++added;
        X509_free(cert);
    }
    ERR_clear_error(); // the end of the file reads as an error
    BIO_free(bio);
    return added;
}

// The system trust, never parsed whole: the hashed directory is searched per issuer, on demand.
void addSystemTrust(X509_STORE *store)
{
    const QByteArray dirs = qgetenv(X509_get_default_cert_dir_env());
    X509_STORE_load_path(store, dirs.isEmpty() ? X509_get_default_cert_dir() : dirs.constData());
    ERR_clear_error(); // a missing directory is no trust, not an error
}

SSL_CTX *makeContext(const TlsPolicy &policy, const QByteArray &caPem)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx)
        return nullptr;
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    SSL_CTX_set_cert_verify_callback(ctx, &TlsClient::verifyChain, nullptr);
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);
    addSystemTrust(store);
    if (!caPem.isEmpty())
        addPemCertificates(store, caPem);
    if (policy.legacy) {
        // Old servers (Exchange 5.5 era) speak TLS 1.0 and RSA key exchange; OpenSSL 3 refuses
        // them at the default security level, so both the protocol floor and the level drop.
        SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
        SSL_CTX_set_security_level(ctx, 0);
        SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=0");
    } else {
        SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    }
    return ctx;
}

struct Key
{
    QString caFile;
    qint64 size = -1;
    qint64 mtime = 0;
    bool legacy = false;
    bool operator==(const Key &) const = default;
};

size_t qHash(const Key &k, size_t seed = 0)
{
    return qHashMulti(seed, k.caFile, k.size, k.mtime, k.legacy);
}

} // namespace

TlsContext::~TlsContext()
{
    SSL_CTX_free(m_ctx);
}

std::shared_ptr<TlsContext> TlsContext::forPolicy(const TlsPolicy &policy, QString *error)
{
    static QMutex mutex;
    static QHash<Key, std::shared_ptr<TlsContext>> cache;

    Key key;
    key.legacy = policy.legacy;
    if (!policy.caFile.isEmpty()) {
        const QFileInfo info(policy.caFile);
        key.caFile = info.absoluteFilePath();
        key.size = info.size();
        key.mtime = info.lastModified().toMSecsSinceEpoch();
    }
    QMutexLocker lock(&mutex);
    if (const auto it = cache.constFind(key); it != cache.cend())
        return *it;

    QByteArray pem;
    if (!policy.caFile.isEmpty()) {
        QFile f(policy.caFile);
        if (!f.open(QIODevice::ReadOnly)) {
            if (error)
                *error = QStringLiteral("cannot read the CA file %1: %2")
                             .arg(policy.caFile, f.errorString());
            return nullptr;
        }
        pem = f.readAll();
        X509_STORE *probe = X509_STORE_new();
        const int count = probe ? addPemCertificates(probe, pem) : 0;
        X509_STORE_free(probe);
        if (count == 0) {
            if (error)
                *error =
                    QStringLiteral("the CA file %1 holds no PEM certificate").arg(policy.caFile);
            return nullptr;
        }
    }
    SSL_CTX *ctx = makeContext(policy, pem);
    if (!ctx) {
        if (error)
            *error = QStringLiteral("OpenSSL could not make a TLS context");
        return nullptr;
    }
    qCDebug(lcNet) << "TLS context made for CA file" << key.caFile << "legacy" << key.legacy;
    std::shared_ptr<TlsContext> made(new TlsContext(ctx));
    cache.insert(key, made);
    return made;
}

QString TlsContext::libraryVersion()
{
    return QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION));
}

} // namespace msim::net
