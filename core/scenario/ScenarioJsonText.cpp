// SPDX-License-Identifier: MIT
// Scenario's own serialiser: the scenario file (docs/SCENARIOS.md), written by the one JSON
// writer. The reader is ScenarioJson.cpp.
#include "scenario/Scenario.h"

#include "prefs/PrefRegistry.h"
#include "scenario/JsonOutput.h"

#include <QJsonDocument>

namespace msim::scenario {

QByteArray Scenario::toJsonText() const
{
    JsonWriter w;
    w.beginObject();
    w.value("title", title);
    if (!ticket.isEmpty())
        w.value("ticket", ticket);
    if (!description.isEmpty())
        w.value("description", description);
    w.beginObject("server");
    if (server.builtIn) {
        w.value("profile", server.profile);
        w.value("corpus", server.corpus);
        if (server.knobs.latencyMs)
            w.value("latency_ms", qint64(server.knobs.latencyMs));
        if (server.knobs.overrun != emulator::ServerKnobs().overrun)
            w.value("overrun", qint64(server.knobs.overrun));
        if (server.knobs.overrunChunk)
            w.value("overrun_chunk", qint64(server.knobs.overrunChunk));
        if (server.knobs.splitWrites)
            w.value("split_writes", true);
    } else {
        w.value("host", server.host);
        if (server.port)
            w.value("port", qint64(server.port));
        if (server.tlsPort)
            w.value("tls_port", qint64(server.tlsPort));
        w.value("user", server.user);
        if (!server.tlsName.isEmpty())
            w.value("tls_name", server.tlsName);
        if (!server.pins.isEmpty())
            JsonOutput::writeStrings(w, "pin", server.pins);
        if (!server.caFile.isEmpty())
            w.value("ca_file", server.caFile);
        if (server.tlsLegacy)
            w.value("tls_legacy", true);
    }
    w.value("security", net::securityName(server.security));
    w.endObject();
    w.beginObject("client");
    w.value("preset", client.preset);
    if (!client.prefsJs.isEmpty())
        w.value("prefs_js", client.prefsJs);
    if (!client.set.isEmpty()) {
        w.beginObject("set");
        for (const auto &[name, value] : client.set) {
            const prefs::PrefInfo *info = prefs::PrefRegistry::find(name);
            const QByteArray key = name.toUtf8();
            if (info && info->type == prefs::PrefType::Bool)
                w.value(key.constData(), value == QLatin1String("true"));
            else if (info && info->type == prefs::PrefType::Int)
                w.value(key.constData(), value.toLongLong());
            else
                w.value(key.constData(), value);
        }
        w.endObject();
    }
    w.endObject();
    w.beginObject("fetch");
    if (all) {
        w.value("uids", QStringLiteral("all"));
    } else {
        w.beginArray("uids");
        for (quint32 uid : uids)
            w.value(nullptr, qint64(uid));
        w.endArray();
    }
    if (mailbox != QLatin1String("INBOX"))
        w.value("mailbox", mailbox);
    if (!verify)
        w.value("verify", false);
    if (keepSeen)
        w.value("keep_seen", true);
    if (timeoutSeconds != 30)
        w.value("timeout_s", qint64(timeoutSeconds));
    w.endObject();
    if (matrix) {
        w.beginObject("matrix");
        if (!chunkSizes.isEmpty()) {
            w.beginArray("chunk_sizes");
            for (qint64 cs : chunkSizes)
                w.value(nullptr, cs);
            w.endArray();
        }
        w.endObject();
    }
    w.beginObject("expect");
    if (!expectMessages.isEmpty()) {
        w.beginObject("messages");
        for (auto it = expectMessages.begin(); it != expectMessages.end(); ++it) {
            const MessageExpectation &me = it.value();
            w.beginObject(QByteArray::number(it.key()).constData());
            if (me.verdict)
                w.value("verdict", fetch::verdictName(*me.verdict));
            if (me.displayedLength)
                w.value("displayed_length", *me.displayedLength);
            if (!me.chunkStatuses.isEmpty()) {
                w.beginArray("chunk_statuses");
                for (const fetch::ChunkStatus st : me.chunkStatuses)
                    w.string(fetch::chunkStatusName(st));
                w.endArray();
            }
            if (me.sessionEnd)
                w.value("session_end", fetch::kMessageEndNames.name(*me.sessionEnd));
            if (me.requests)
                JsonOutput::writeStrings(w, "requests", *me.requests);
            w.endObject();
        }
        w.endObject();
    }
    if (!expectCells.isEmpty()) {
        w.beginArray("cells");
        for (const CellExpectation &ce : expectCells) {
            w.beginObject();
            w.value("security", net::securityName(ce.security));
            w.value("fetch_by_chunks", ce.fetchByChunks);
            if (ce.chunkSize)
                w.value("chunk_size", *ce.chunkSize);
            w.value("verdict", fetch::verdictName(ce.verdict));
            w.endObject();
        }
        w.endArray();
    }
    w.endObject();
    w.endObject();
    return w.take();
}

QJsonObject Scenario::toJson() const
{
    return QJsonDocument::fromJson(toJsonText()).object();
}

} // namespace msim::scenario
