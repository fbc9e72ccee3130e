// SPDX-License-Identifier: MIT
#include "system/envvarservice.h"

#include "core/clock.h"
#include "core/logging.h"
#include "security/keystore.h"
#include "security/secretbox.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

constexpr qsizetype kMaxValueBytes = 64 * 1024; // UTF-8; Linux takes at most 128 KiB per variable

EnvVarResult failure(EnvVarResult::Status status, const QString &message, FieldErrors errors = {})
{
    EnvVarResult result;
    result.status = status;
    result.message = message;
    result.errors = std::move(errors);
    return result;
}

/// What a sealed value is bound to: its variable's name and scope. A sealed value copied to
/// another variable, or to the same name in another scope, does not open.
QByteArray contextOf(const EnvVar &variable)
{
    return variable.name.toUtf8() + '\n' + EnvVar::scopeName(variable.scope).toUtf8() + ':'
        + QByteArray::number(variable.scopeId);
}

} // namespace

EnvVarService::EnvVarService(Database &database, Clock &clock, SecretBox &box, QString dataDir,
    std::function<bool(EnvVar::Scope, qint64)> scopeExists)
    : m_store(database)
    , m_clock(clock)
    , m_box(box)
    , m_dataDir(std::move(dataDir))
    , m_scopeExists(std::move(scopeExists))
{ }

FieldErrors EnvVarService::apply(EnvVar &variable, const QJsonObject &json, bool creating) const
{
    static const QRegularExpression namePattern(
        QRegularExpression::anchoredPattern(u"[A-Za-z_][A-Za-z0-9_]{0,127}"_s));
    FieldErrors errors;
    const bool wasSecret = variable.secret && !variable.sealed.isEmpty();
    std::optional<QString> previousSecret;
    if (wasSecret) {
        if (const std::optional<QByteArray> plain = m_box.open(variable.sealed, contextOf(variable)))
            previousSecret = QString::fromUtf8(*plain);
    }
    if (json.contains(u"name"_s) || creating) {
        const QJsonValue name = json.value(u"name"_s);
        if (!name.isString() || !namePattern.match(name.toString()).hasMatch())
            errors.append(
                { u"name"_s, u"must be 1-128 letters, digits or '_', not starting with a digit"_s });
        else if (name.toString().startsWith(u"KUMO_"_s))
            errors.append({ u"name"_s, u"KUMO_* names are Kumo's own (KUMO_RUN_ID, KUMO_OUTPUT_DIR …)"_s });
        else
            variable.name = name.toString();
    }
    if (json.contains(u"secret"_s)) {
        if (!json.value(u"secret"_s).isBool())
            errors.append({ u"secret"_s, u"must be true or false"_s });
        else
            variable.secret = json.value(u"secret"_s).toBool();
    }
    std::optional<QString> value;
    if (json.contains(u"value"_s) || creating) {
        const QJsonValue given = json.value(u"value"_s);
        if (!given.isString() || given.toString().toUtf8().size() > kMaxValueBytes
            || given.toString().contains(QChar(0)))
            errors.append({ u"value"_s, u"must be text of at most 64 KiB (UTF-8), without NUL"_s });
        else if (given.toString() == QString::fromUtf16(EnvVar::kMask) && previousSecret)
            value = *previousSecret; // sent back as shown: unchanged
        else if (given.toString() == QString::fromUtf16(EnvVar::kMask))
            errors.append({ u"value"_s, u"give the value itself, not the mask"_s });
        else
            value = given.toString();
    }
    const bool revealed = wasSecret && json.contains(u"secret"_s) && !json.value(u"secret"_s).toBool(true);
    if (revealed && (!value || value == previousSecret))
        errors.append(
            { u"value"_s, u"a secret becomes plain only with a new value: its old one is never shown"_s });
    if (!value)
        value = previousSecret ? *previousSecret : variable.value;
    if (json.contains(u"scope"_s) || creating) {
        const QJsonValue scope = json.value(u"scope"_s);
        const std::optional<EnvVar::Scope> type = scope.isUndefined()
            ? std::optional(EnvVar::Scope::Global)
            : EnvVar::scopeFromName(scope[u"type"_s].toString());
        if (!type || (!scope.isUndefined() && !scope.isObject())) {
            errors.append(
                { u"scope"_s, u"must be {\"type\": \"global\"|\"project\"|\"task\", \"id\": N}"_s });
        } else {
            const qint64 id = *type == EnvVar::Scope::Global ? 0 : scope[u"id"_s].toInteger(0);
            if (*type != EnvVar::Scope::Global && (id <= 0 || !m_scopeExists(*type, id)))
                errors.append(
                    { u"scope.id"_s, u"%1 %2 does not exist"_s.arg(EnvVar::scopeName(*type)).arg(id) });
            variable.scope = *type;
            variable.scopeId = id;
        }
    }
    if (json.contains(u"description"_s)) {
        if (!json.value(u"description"_s).isString() || json.value(u"description"_s).toString().size() > 500)
            errors.append({ u"description"_s, u"must be text of at most 500 characters"_s });
        else
            variable.description = json.value(u"description"_s).toString();
    }
    if (!errors.isEmpty())
        return errors;
    if (variable.secret) {
        variable.sealed = m_box.seal(value->toUtf8(), contextOf(variable));
        variable.value.clear();
    } else {
        variable.value = *value;
        variable.sealed.clear();
    }
    return errors;
}

EnvVarResult EnvVarService::stored(bool ok, const EnvVar &variable) const
{
    if (!ok)
        return failure(
            m_store.lastErrorWasDuplicate() ? EnvVarResult::Status::Conflict : EnvVarResult::Status::Error,
            m_store.errorString());
    EnvVarResult result;
    result.variable = variable;
    return result;
}

EnvVarResult EnvVarService::create(const QJsonObject &json)
{
    EnvVar variable;
    if (const FieldErrors errors = apply(variable, json, true); !errors.isEmpty())
        return failure(EnvVarResult::Status::Invalid, errors.constFirst().message, errors);
    variable.createdAt = variable.updatedAt = m_clock.nowMs();
    return stored(m_store.create(variable), variable);
}

EnvVarResult EnvVarService::update(qint64 id, const QJsonObject &json)
{
    std::optional<EnvVar> variable = m_store.get(id);
    if (!variable)
        return failure(EnvVarResult::Status::NotFound, u"variable %1 does not exist"_s.arg(id));
    if (variable->secret && !m_box.isOwnKey(variable->sealed) && !json.contains(u"value"_s))
        return failure(EnvVarResult::Status::Conflict,
            u"%1 was encrypted under another master key; set its value again"_s.arg(variable->name));
    if (const FieldErrors errors = apply(*variable, json, false); !errors.isEmpty())
        return failure(EnvVarResult::Status::Invalid, errors.constFirst().message, errors);
    variable->updatedAt = m_clock.nowMs();
    return stored(m_store.update(*variable), *variable);
}

EnvVarResult EnvVarService::remove(qint64 id)
{
    const std::optional<EnvVar> variable = m_store.get(id);
    if (!variable)
        return failure(EnvVarResult::Status::NotFound, u"variable %1 does not exist"_s.arg(id));
    if (!m_store.remove(id))
        return failure(EnvVarResult::Status::Error, m_store.errorString());
    EnvVarResult result;
    result.variable = variable;
    return result;
}

RunVariables EnvVarService::forRun(qint64 taskId, std::optional<qint64> projectId) const
{
    RunVariables run;
    for (const EnvVar &variable : m_store.forRun(taskId, projectId)) {
        if (!variable.secret) {
            run.values.insert(variable.name, variable.value);
            continue;
        }
        const std::optional<QByteArray> plain = m_box.open(variable.sealed, contextOf(variable));
        if (!plain) {
            run.error = u"the secret %1 cannot be decrypted with the current master key; set it again"_s.arg(
                variable.name);
            return run;
        }
        run.values.insert(variable.name, QString::fromUtf8(*plain));
        // Masking shorter values would garble ordinary output. A multi-line secret (a key, a
        // credentials file) is masked line by line: logs are written a line at a time.
        QList<QByteArray> parts = plain->split('\n');
        parts.append(*plain);
        for (const QByteArray &part : std::as_const(parts)) {
            if (part.trimmed().size() >= 4 && !run.secretValues.contains(part))
                run.secretValues.append(part);
        }
    }
    return run;
}

EnvVarResult EnvVarService::rotateKey()
{
    KeyStore *store = m_box.keyStore();
    if (!store)
        return failure(EnvVarResult::Status::Conflict,
            u"the master key comes from KUMO_SECRET_KEY: restart Kumo with a new one there after re-entering "
            u"the "
            "secrets"_s);
    // Everything is re-sealed in memory first: a secret that does not open stops the rotation.
    SecretBox next;
    next.setKey(SecretBox::randomKey());
    const QList<EnvVar> variables = m_store.list();
    if (m_store.lastReadFailed())
        return failure(EnvVarResult::Status::Error, m_store.errorString());
    QList<EnvVar> secrets;
    for (EnvVar variable : variables) {
        if (!variable.secret)
            continue;
        const std::optional<QByteArray> plain = m_box.open(variable.sealed, contextOf(variable));
        if (!plain)
            return failure(EnvVarResult::Status::Conflict,
                u"the secret %1 does not open with the current key; set it again before rotating"_s.arg(
                    variable.name));
        variable.sealed = next.seal(*plain, contextOf(variable));
        secrets.append(variable);
    }
    // The new key is stored (synced) before any value needs it; once the database commits, the
    // new key is the one in use whatever happens to the store, and recoverRotation() finishes the
    // swap if Kumo stops before it.
    QString error;
    if (!store->write(KeyStore::Slot::Next, next.key(), &error))
        return failure(EnvVarResult::Status::Error, error);
    if (!m_store.reseal(secrets)) {
        store->remove(KeyStore::Slot::Next);
        return failure(EnvVarResult::Status::Error, m_store.errorString());
    }
    m_box.setKey(next.key());
    if (!store->promote(&error))
        return failure(EnvVarResult::Status::Error,
            u"the secrets use the new key, but it could not replace the old one (%1); the next start finishes it"_s
                .arg(error));
    qCInfo(lcSecurity) << "master key rotated; re-encrypted" << secrets.size() << "secret(s)";
    return {};
}

void EnvVarService::recoverRotation()
{
    KeyStore *store = m_box.keyStore();
    if (!store)
        return;
    QString error;
    const std::optional<QByteArray> nextKey = store->read(KeyStore::Slot::Next, &error);
    if (!nextKey && error.isEmpty())
        return; // no rotation under way
    const QString path = store->location(KeyStore::Slot::Next);
    SecretBox next;
    if (nextKey && nextKey->size() == m_box.key().size())
        next.setKey(*nextKey);
    const QList<EnvVar> variables = m_store.list();
    if (next.key().isEmpty() || m_store.lastReadFailed()) {
        // Never drop a key that may be in use: leave it for the operator.
        qCWarning(lcSecurity) << "cannot tell whether" << path << "is in use; it is kept";
        return;
    }
    // The database committed the new key's values when any value is sealed under it.
    const bool committed = std::any_of(variables.cbegin(), variables.cend(),
        [&](const EnvVar &variable) { return variable.secret && next.isOwnKey(variable.sealed); });
    if (!committed) {
        store->remove(KeyStore::Slot::Next);
        return;
    }
    m_box.setKey(next.key());
    if (store->promote(&error))
        qCInfo(lcSecurity) << "finished a master key rotation that was interrupted";
    else
        qCWarning(lcSecurity) << "cannot finish the master key rotation:" << error;
}

} // namespace Kumo
