// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"
#include "scenario/JsonWriter.h"
#include "scenario/MatrixCell.h"

#include <QByteArray>
#include <QStringList>

namespace msim::scenario {

// msim's JSON output (DESIGN.md §4: the fetch object, matrix's and reproduce's wrappers), all
// written by the one JsonWriter, keys in the contract's order. Every call returns the indented
// UTF-8 text, ending in a newline.
class JsonOutput
{
public:
    // `msim-cli fetch --json`, report.json, each matrix cell's object.
    static QByteArray fetch(const fetch::FetchOutcome &outcome);
    // `msim-cli matrix --json`: {"cells": [...], "notes"?, "warnings"?} (the two lists only
    // when not empty).
    static QByteArray matrix(const QList<MatrixCell> &cells, const QStringList &notes = {},
                             const QStringList &warnings = {});

    // The same objects written into an open writer (under `key`, or as an array element when
    // key is null), for the wrappers that hold them.
    static void writeFetch(JsonWriter &w, const fetch::FetchOutcome &outcome,
                           const char *key = nullptr);
    static void writeMatrix(JsonWriter &w, const QList<MatrixCell> &cells, const QStringList &notes,
                            const QStringList &warnings, const char *key = nullptr);
    static void writeStrings(JsonWriter &w, const char *key, const QStringList &strings);
    // The "server" object of the fetch object (under `key`, or as an array element).
    static void writeServer(JsonWriter &w, const fetch::ServerInfo &server, const char *key);
};

} // namespace msim::scenario
