// SPDX-License-Identifier: MIT
#include "scenario/JsonOutput.h"

#include "net/Security.h"

namespace msim::scenario {

namespace {

using fetch::ChunkRecord;
using fetch::FetchOutcome;
using fetch::MessageOutcome;

void optional(JsonWriter &w, const char *key, const std::optional<qint64> &v)
{
    if (v)
        w.value(key, *v);
    else
        w.null(key);
}

std::optional<qint64> known(qint64 v)
{
    return v >= 0 ? std::optional<qint64>(v) : std::nullopt;
}

} // namespace

void JsonOutput::writeServer(JsonWriter &w, const fetch::ServerInfo &server, const char *key)
{
    w.beginObject(key);
    w.value("host", server.host);
    w.value("port", qint64(server.port));
    w.value("security", net::securityName(server.security));
    w.value("greeting", QString::fromUtf8(server.greeting));
    w.beginArray("capabilities");
    for (const QByteArray &c : server.capabilities)
        w.string(QString::fromLatin1(c));
    w.endArray();
    if (server.tls) {
        w.beginObject("tls");
        w.value("protocol", server.tls->protocol);
        w.value("cipher", server.tls->cipher);
        w.value("peer_sha256", QString::fromLatin1(server.tls->peerSha256.toHex()));
        JsonOutput::writeStrings(w, "overridden", server.tls->overridden);
        w.value("legacy", server.tls->legacy);
        w.endObject();
    } else {
        w.null("tls");
    }
    w.endObject();
}

namespace {

void writePrefs(JsonWriter &w, const QList<QPair<QString, QVariant>> &prefs)
{
    w.beginObject("prefs");
    for (const auto &[name, v] : prefs) {
        const QByteArray key = name.toUtf8();
        if (v.typeId() == QMetaType::Bool)
            w.value(key.constData(), v.toBool());
        else if (v.typeId() == QMetaType::QString)
            w.value(key.constData(), v.toString());
        else
            w.value(key.constData(), v.toLongLong());
    }
    w.endObject();
}

void writeChunk(JsonWriter &w, const ChunkRecord &c)
{
    w.beginObject();
    w.value("command", QByteArrayView(c.command));
    optional(w, "requested_start", c.requestedStart);
    optional(w, "requested_length", c.requestedLength);
    optional(w, "origin", c.origin);
    optional(w, "literal_length", known(c.literalLength));
    w.value("received", c.received);
    w.value("unframed_extra", c.unframedExtra);
    w.value("status", QByteArrayView(fetch::chunkStatusKey(c.status)));
    if (c.errorKind == fetch::ErrorKind::None)
        w.null("error_kind");
    else
        w.value("error_kind", fetch::errorKindName(c.errorKind));
    if (c.status == fetch::ChunkStatus::Error && !c.serverText.isEmpty())
        w.value("server_text", c.serverText);
    else
        w.null("server_text");
    w.value("elapsed_ms", c.elapsedMs);
    w.endObject();
}

// DESIGN.md §4 `mime`: every part with its state against what was displayed, and the note.
void writeMime(JsonWriter &w, const std::optional<fetch::MimeDamage> &mime)
{
    if (!mime) {
        w.null("mime");
        return;
    }
    w.beginObject("mime");
    w.beginArray("parts");
    for (const fetch::PartDamage &d : mime->parts) {
        w.beginObject();
        w.value("path", d.part.path);
        w.value("content_type", QByteArrayView(d.part.contentType));
        if (d.part.filename.isEmpty())
            w.null("filename");
        else
            w.value("filename", d.part.filename);
        w.value("offset", d.part.offset);
        w.value("length", d.part.length);
        w.value("state", fetch::kPartStateNames.name(d.state));
        w.value("kept", d.kept);
        optional(w, "decoded_kept", d.decodedKept);
        w.endObject();
    }
    w.endArray();
    if (mime->note.isEmpty())
        w.null("note");
    else
        w.value("note", mime->note);
    w.endObject();
}

void writeMessage(JsonWriter &w, const MessageOutcome &m)
{
    w.beginObject();
    w.value("uid", qint64(m.uid));
    optional(w, "rfc822_size", known(m.rfc822Size));
    if (m.strategy == fetch::Strategy::None)
        w.null("strategy");
    else
        w.value("strategy", fetch::kStrategyNames.name(m.strategy));
    w.beginArray("chunks");
    for (const ChunkRecord &c : m.chunks)
        writeChunk(w, c);
    w.endArray();
    w.value("displayed_length", qint64(m.displayed.size()));
    w.value("displayed_sha256", FetchOutcome::sha256(m.displayed));
    optional(w, "reference_length",
             m.reference ? std::optional<qint64>(m.reference->size()) : std::nullopt);
    if (m.reference)
        w.value("reference_sha256", FetchOutcome::sha256(*m.reference));
    else
        w.null("reference_sha256");
    writeMime(w, m.mime);
    if (m.cancelled) { // a cancelled download has no verdict: it did not end
        w.null("verdict");
        w.value("cancelled", true);
    } else {
        w.value("verdict", fetch::verdictName(m.comparison.verdict));
    }
    w.value("session_end", fetch::kMessageEndNames.name(m.sessionEnd));
    JsonOutput::writeStrings(w, "findings", m.findings);
    w.endObject();
}

} // namespace

void JsonOutput::writeStrings(JsonWriter &w, const char *key, const QStringList &strings)
{
    w.beginArray(key);
    for (const QString &s : strings)
        w.string(s);
    w.endArray();
}

void JsonOutput::writeFetch(JsonWriter &w, const FetchOutcome &o, const char *key)
{
    w.beginObject(key);
    writeServer(w, o.server, "server");
    writePrefs(w, o.prefs);
    w.beginArray("messages");
    for (const MessageOutcome &m : o.messages)
        writeMessage(w, m);
    w.endArray();
    w.value("session_end", fetch::kMessageEndNames.name(o.sessionEnd));
    writeStrings(w, "warnings", o.warnings);
    writeStrings(w, "notes", o.notes);
    if (o.error)
        w.value("error", *o.error);
    else
        w.null("error");
    w.endObject();
}

void JsonOutput::writeMatrix(JsonWriter &w, const QList<MatrixCell> &cells,
                             const QStringList &notes, const QStringList &warnings, const char *key)
{
    w.beginObject(key);
    w.beginArray("cells");
    for (const MatrixCell &c : cells) {
        w.beginObject();
        w.value("security", net::securityName(c.security));
        w.value("fetch_by_chunks", c.fetchByChunks);
        optional(w, "chunk_size", c.chunkSize);
        writeFetch(w, c.result, "result");
        w.endObject();
    }
    w.endArray();
    if (!notes.isEmpty())
        writeStrings(w, "notes", notes);
    if (!warnings.isEmpty())
        writeStrings(w, "warnings", warnings);
    w.endObject();
}

QByteArray JsonOutput::fetch(const FetchOutcome &outcome)
{
    JsonWriter w;
    writeFetch(w, outcome);
    return w.take();
}

QByteArray JsonOutput::matrix(const QList<MatrixCell> &cells, const QStringList &notes,
                              const QStringList &warnings)
{
    JsonWriter w;
    writeMatrix(w, cells, notes, warnings);
    return w.take();
}

} // namespace msim::scenario
