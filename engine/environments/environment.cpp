// SPDX-License-Identifier: MIT
#include "environments/environment.h"

#include "core/timeformat.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

/// Looks @p name up in a table of (value, name) pairs.
template<typename Enum, size_t N>
std::optional<Enum> fromName(const std::pair<Enum, const char16_t *> (&names)[N], QStringView name)
{
    for (const auto &[value, text] : names) {
        if (name == QStringView(text))
            return value;
    }
    return std::nullopt;
}

template<typename Enum, size_t N>
QString toName(const std::pair<Enum, const char16_t *> (&names)[N], Enum value)
{
    for (const auto &[candidate, text] : names) {
        if (candidate == value)
            return QString::fromUtf16(text);
    }
    return {};
}

constexpr std::pair<Environment::Backend, const char16_t *> kBackends[] = {
    { Environment::Backend::Venv, u"venv" },
    { Environment::Backend::Conda, u"conda" },
};
constexpr std::pair<Environment::State, const char16_t *> kEnvironmentStates[] = {
    { Environment::State::Creating, u"creating" },
    { Environment::State::Ready, u"ready" },
    { Environment::State::Installing, u"installing" },
    { Environment::State::Failed, u"failed" },
    { Environment::State::Deleting, u"deleting" },
};
constexpr std::pair<EnvOperation::Kind, const char16_t *> kKinds[] = {
    { EnvOperation::Kind::Create, u"create" },
    { EnvOperation::Kind::Install, u"install" },
    { EnvOperation::Kind::Uninstall, u"uninstall" },
    { EnvOperation::Kind::Upgrade, u"upgrade" },
    { EnvOperation::Kind::Reset, u"reset" },
};
constexpr std::pair<EnvOperation::State, const char16_t *> kOperationStates[] = {
    { EnvOperation::State::Queued, u"queued" },
    { EnvOperation::State::Running, u"running" },
    { EnvOperation::State::Succeeded, u"succeeded" },
    { EnvOperation::State::Failed, u"failed" },
    { EnvOperation::State::Cancelled, u"cancelled" },
};

QJsonValue optionalInstant(const std::optional<qint64> &ms)
{
    return ms ? QJsonValue(toRfc3339(*ms)) : QJsonValue();
}

} // namespace

QString Environment::backendName(Backend backend)
{
    return toName(kBackends, backend);
}

std::optional<Environment::Backend> Environment::backendFromName(QStringView name)
{
    return fromName(kBackends, name);
}

QString Environment::stateName(State state)
{
    return toName(kEnvironmentStates, state);
}

std::optional<Environment::State> Environment::stateFromName(QStringView name)
{
    return fromName(kEnvironmentStates, name);
}

QJsonObject Environment::toJson() const
{
    return {
        { u"id"_s, id },
        { u"name"_s, name },
        { u"backend"_s, backendName(backend) },
        { u"interpreterId"_s, interpreterId ? QJsonValue(*interpreterId) : QJsonValue() },
        { u"pythonVersion"_s, pythonVersion },
        { u"path"_s, path },
        { u"state"_s, stateName(state) },
        { u"error"_s, error.isEmpty() ? QJsonValue() : QJsonValue(error) },
        { u"freezeHash"_s, freezeHash.isEmpty() ? QJsonValue() : QJsonValue(freezeHash) },
        { u"packages"_s, packages },
        { u"createdAt"_s, toRfc3339(createdAt) },
        { u"updatedAt"_s, toRfc3339(updatedAt) },
    };
}

QString EnvOperation::kindName(Kind kind)
{
    return toName(kKinds, kind);
}

std::optional<EnvOperation::Kind> EnvOperation::kindFromName(QStringView name)
{
    return fromName(kKinds, name);
}

QString EnvOperation::stateName(State state)
{
    return toName(kOperationStates, state);
}

std::optional<EnvOperation::State> EnvOperation::stateFromName(QStringView name)
{
    return fromName(kOperationStates, name);
}

QJsonObject EnvOperation::toJson() const
{
    return {
        { u"id"_s, id },
        { u"environmentId"_s, environmentId },
        { u"kind"_s, kindName(kind) },
        { u"packages"_s, QJsonArray::fromStringList(packages) },
        { u"requirementsFile"_s, requirementsFile.isEmpty() ? QJsonValue() : QJsonValue(requirementsFile) },
        { u"state"_s, stateName(state) },
        { u"exitCode"_s, exitCode ? QJsonValue(*exitCode) : QJsonValue() },
        { u"error"_s, error.isEmpty() ? QJsonValue() : QJsonValue(error) },
        { u"actor"_s, actor },
        { u"queuedAt"_s, toRfc3339(queuedAt) },
        { u"startedAt"_s, optionalInstant(startedAt) },
        { u"finishedAt"_s, optionalInstant(finishedAt) },
        { u"durationMs"_s, startedAt && finishedAt ? QJsonValue(*finishedAt - *startedAt) : QJsonValue() },
    };
}

} // namespace Kumo
