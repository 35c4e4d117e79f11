#include "prefs/PrefRegistry.h"

namespace msim::prefs {

namespace {

// Group names, in display order (plain literals: no QString is built before first use).
constexpr const char *kChunked = "Chunked fetching";
constexpr const char *kAdaptive = "Adaptive chunk size";
constexpr const char *kSsl = "SSL";
constexpr const char *kThunderbird = "Thunderbird";

QList<PrefInfo> makeRegistry()
{
    auto entry = [](const char *name, PrefType type, QVariant def, const char *description,
                    const char *group) {
        return PrefInfo{QString::fromLatin1(name), type, std::move(def),
                        QString::fromLatin1(description), QString::fromLatin1(group)};
    };
    return {
        entry("mail.imap.fetch_by_chunks", PrefType::Bool, true,
              "Fetch message bodies in partial chunks (the KB Q194998 workaround sets this to "
              "false)",
              kChunked),
        entry("mail.imap.chunk_size", PrefType::Int, 10240,
              "Length in octets of the first chunk requested for a message", kChunked),
        entry("mail.imap.min_chunk_size_threshold", PrefType::Int, 15360,
              "Only messages larger than this many octets are fetched in chunks", kChunked),
        entry("mail.imap.max_chunk_size", PrefType::Int, 40960,
              "Largest chunk length in octets the adaptive rule may grow to", kChunked),
        entry("mail.imap.chunk_fast", PrefType::Int, 2,
              "A chunk that arrived within this many whole seconds makes the next chunk larger",
              kAdaptive),
        entry("mail.imap.chunk_ideal", PrefType::Int, 4,
              "A chunk that arrived within this many seconds keeps the chunk size; a slower one "
              "shrinks it",
              kAdaptive),
        entry("mail.imap.chunk_add", PrefType::Int, 2048,
              "Octets added to or taken from the chunk size at each adjustment", kAdaptive),
        entry("mail.server_ssl", PrefType::Bool, false,
              "Connect to the IMAP server over SSL (4.x setting)", kSsl),
        entry("mail.imap.ssl_port", PrefType::Int, 993, "IMAP port used when SSL is on", kSsl),
        entry("mail.server.default.fetch_by_chunks", PrefType::Bool, true,
              "Thunderbird's per-server switch for chunked fetching (Messenger 4.5 never reads "
              "it)",
              kThunderbird),
    };
}

} // namespace

const QList<PrefInfo> &PrefRegistry::all()
{
    static const QList<PrefInfo> registry = makeRegistry();
    return registry;
}

const PrefInfo *PrefRegistry::find(QStringView name)
{
    for (const PrefInfo &info : all()) {
        if (info.name == name)
            return &info;
    }
    return nullptr;
}

QStringList PrefRegistry::groups()
{
    QStringList names;
    for (const char *group : {kChunked, kAdaptive, kSsl, kThunderbird})
        names.append(QString::fromLatin1(group));
    return names;
}

} // namespace msim::prefs
