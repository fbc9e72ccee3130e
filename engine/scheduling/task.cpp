// SPDX-License-Identifier: MIT
#include "scheduling/task.h"

#include "core/timeformat.h"
#include <QDateTime>
#include <QJsonValue>
#include <QRegularExpression>
#include <QTimeZone>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

constexpr int kMaxNameLength = 200;
constexpr int kMaxCommandLength = 64 * 1024;
constexpr int kMaxEnvEntries = 500;
// Timers count milliseconds in an int: 24 days is the longest timeout they can hold.
constexpr int kMaxTimeoutSeconds = 24 * 86400;
constexpr int kMaxMisfireGraceSeconds = 30 * 86400;

bool hasControlCharacters(const QString &text)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}

bool isEnvName(const QString &name)
{
    static const QRegularExpression pattern(QRegularExpression::anchoredPattern(u"[A-Za-z_][A-Za-z0-9_]*"_s));
    return pattern.match(name).hasMatch();
}

/// Reads an optional whole number within [min, max] from @p json into @p out.
void readInt(const QJsonObject &json, const QString &key, int min, int max, int *out, FieldErrors *errors)
{
    const QJsonValue value = json.value(key);
    if (value.isUndefined())
        return;
    const double number = value.toDouble(std::nan(""));
    if (!value.isDouble() || number != std::floor(number) || number < min || number > max) {
        errors->append({ key, u"must be a whole number from %1 to %2"_s.arg(min).arg(max) });
        return;
    }
    *out = int(number);
}

} // namespace

FieldErrors Task::validate() const
{
    FieldErrors errors;
    if (name.trimmed().isEmpty())
        errors.append({ u"name"_s, u"is required"_s });
    else if (name.size() > kMaxNameLength)
        errors.append({ u"name"_s, u"must be at most %1 characters"_s.arg(kMaxNameLength) });
    else if (hasControlCharacters(name) || name != name.trimmed())
        errors.append({ u"name"_s, u"must not contain control characters or surrounding spaces"_s });
    if (command.trimmed().isEmpty())
        errors.append({ u"command"_s, u"is required"_s });
    else if (command.size() > kMaxCommandLength)
        errors.append({ u"command"_s, u"must be at most %1 characters"_s.arg(kMaxCommandLength) });
    else if (command.contains(QChar(0)))
        errors.append({ u"command"_s, u"must not contain NUL characters"_s });
    if (workingDir.contains(QChar(0)) || hasControlCharacters(workingDir))
        errors.append({ u"workingDir"_s, u"must not contain control characters"_s });
    else if (!projectId && !workingDir.isEmpty() && !workingDir.startsWith(u'/'))
        errors.append({ u"workingDir"_s, u"must be an absolute path when the task has no project"_s });
    if (retries < 0 || retries > 100)
        errors.append({ u"retries"_s, u"must be from 0 to 100"_s });
    if (retryIntervalSeconds < 0 || retryIntervalSeconds > 7 * 86400)
        errors.append({ u"retryIntervalSeconds"_s, u"must be from 0 to 604800"_s });
    if (timeoutSeconds < 0 || timeoutSeconds > kMaxTimeoutSeconds)
        errors.append({ u"timeoutSeconds"_s, u"must be from 0 (none) to %1"_s.arg(kMaxTimeoutSeconds) });
    if (maxInstances < 1 || maxInstances > 1000)
        errors.append({ u"maxInstances"_s, u"must be from 1 to 1000"_s });
    if (misfireGraceSeconds < 0 || misfireGraceSeconds > kMaxMisfireGraceSeconds)
        errors.append({ u"misfireGraceSeconds"_s, u"must be from 0 to %1"_s.arg(kMaxMisfireGraceSeconds) });
    if (env.size() > kMaxEnvEntries)
        errors.append({ u"env"_s, u"at most %1 variables"_s.arg(kMaxEnvEntries) });
    for (auto it = env.cbegin(); it != env.cend(); ++it) {
        if (!isEnvName(it.key()))
            errors.append(
                { u"env."_s + it.key(), u"is not a valid variable name ([A-Za-z_][A-Za-z0-9_]*)"_s });
        else if (it.value().contains(QChar(0)))
            errors.append({ u"env."_s + it.key(), u"must not contain NUL characters"_s });
    }
    FieldErrors triggerErrors;
    if (!Trigger::create(trigger, &triggerErrors))
        errors.append(triggerErrors);
    return errors;
}

QJsonObject Task::toJson() const
{
    QJsonObject envJson;
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        envJson[it.key()] = it.value();
    QJsonObject json {
        { u"id"_s, id },
        { u"name"_s, name },
        { u"command"_s, command },
        { u"workingDir"_s, workingDir },
        { u"trigger"_s, trigger.toJson() },
        { u"enabled"_s, enabled },
        { u"retries"_s, retries },
        { u"retryIntervalSeconds"_s, retryIntervalSeconds },
        { u"timeoutSeconds"_s, timeoutSeconds },
        { u"maxInstances"_s, maxInstances },
        { u"misfireGraceSeconds"_s, misfireGraceSeconds },
        { u"env"_s, envJson },
        { u"projectId"_s, projectId ? QJsonValue(*projectId) : QJsonValue() },
        { u"environmentId"_s, environmentId ? QJsonValue(*environmentId) : QJsonValue() },
        { u"interpreterId"_s, interpreterId ? QJsonValue(*interpreterId) : QJsonValue() },
        { u"nextRunAt"_s, nextFireAt ? QJsonValue(toRfc3339(*nextFireAt)) : QJsonValue() },
        { u"createdAt"_s, toRfc3339(createdAt) },
        { u"updatedAt"_s, toRfc3339(updatedAt) },
    };
    return json;
}

FieldErrors Task::applyJson(const QJsonObject &json)
{
    FieldErrors errors;
    auto readString = [&](const QString &key, QString *out) {
        const QJsonValue value = json.value(key);
        if (value.isUndefined())
            return;
        if (!value.isString())
            errors.append({ key, u"must be a string"_s });
        else
            *out = value.toString();
    };
    readString(u"name"_s, &name);
    readString(u"command"_s, &command);
    readString(u"workingDir"_s, &workingDir);
    if (json.contains(u"enabled"_s)) {
        if (!json.value(u"enabled"_s).isBool())
            errors.append({ u"enabled"_s, u"must be true or false"_s });
        else
            enabled = json.value(u"enabled"_s).toBool();
    }
    readInt(json, u"retries"_s, 0, 100, &retries, &errors);
    readInt(json, u"retryIntervalSeconds"_s, 0, 7 * 86400, &retryIntervalSeconds, &errors);
    readInt(json, u"timeoutSeconds"_s, 0, kMaxTimeoutSeconds, &timeoutSeconds, &errors);
    readInt(json, u"maxInstances"_s, 1, 1000, &maxInstances, &errors);
    readInt(json, u"misfireGraceSeconds"_s, 0, kMaxMisfireGraceSeconds, &misfireGraceSeconds, &errors);
    if (json.contains(u"env"_s)) {
        const QJsonValue value = json.value(u"env"_s);
        if (!value.isObject() && !value.isNull()) {
            errors.append({ u"env"_s, u"must be an object of name → string"_s });
        } else {
            QMap<QString, QString> parsed;
            const QJsonObject object = value.toObject();
            for (auto it = object.begin(); it != object.end(); ++it) {
                if (!it.value().isString())
                    errors.append({ u"env."_s + it.key(), u"must be a string"_s });
                else
                    parsed.insert(it.key(), it.value().toString());
            }
            env = parsed;
        }
    }
    // A project, an environment, an interpreter (or none: null); existence is checked by the
    // engine, which knows them.
    const auto readReference = [&](const QString &field, std::optional<qint64> &target, const QString &what) {
        if (!json.contains(field))
            return;
        const QJsonValue value = json.value(field);
        const double number = value.toDouble(-1);
        if (value.isNull())
            target.reset();
        else if (!value.isDouble() || number != std::floor(number) || number < 1 || number > 9e15)
            errors.append({ field, u"must be %1 id or null"_s.arg(what) });
        else
            target = qint64(number);
    };
    readReference(u"projectId"_s, projectId, u"a project"_s);
    readReference(u"environmentId"_s, environmentId, u"an environment"_s);
    readReference(u"interpreterId"_s, interpreterId, u"an interpreter"_s);
    if (json.contains(u"trigger"_s)) {
        const QJsonValue value = json.value(u"trigger"_s);
        if (!value.isObject()) {
            errors.append({ u"trigger"_s, u"must be an object with a type"_s });
        } else if (std::optional<TriggerSpec> spec = TriggerSpec::fromJson(value.toObject(), &errors)) {
            trigger = *spec;
        }
    }
    return errors;
}

} // namespace Kumo
