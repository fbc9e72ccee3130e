// SPDX-License-Identifier: MIT
#include "console/userbackend.h"

#include "console/consoleaudit.h"
#include "engine.h"
#include "security/authenticator.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Kumo {

using Console::audited;

UserBackend::UserBackend(Engine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
    reload();
}

void UserBackend::reload()
{
    m_users.clear();
    for (const User &user : m_engine.auth().users().list())
        m_users.append(user.toJson().toVariantMap());
    Q_EMIT usersChanged();
}

QVariantMap UserBackend::answer(const UserResult &result)
{
    if (!result.ok())
        return Console::failure(result.message, result.errors);
    reload();
    return Console::success({ { u"id"_s, result.user ? result.user->id : 0 } });
}

QVariantMap UserBackend::create(const QString &username, const QString &password, const QString &role)
{
    const QJsonObject fields { { u"username"_s, username.trimmed() }, { u"password"_s, password },
        { u"role"_s, role } };
    const QVariantMap result = answer(m_engine.auth().users().create(fields));
    return audited(m_engine, u"user.create"_s, u"user"_s, result.value(u"id"_s), result,
        { { u"username"_s, username.trimmed().left(64) }, { u"role"_s, role.left(20) } });
}

QVariantMap UserBackend::update(qint64 id, const QVariantMap &changes)
{
    static const QStringList known { u"role"_s, u"disabled"_s, u"password"_s };
    QStringList fields = changes.keys();
    fields.removeIf([](const QString &field) { return !known.contains(field); });
    QVariantMap result;
    if (fields.size() != changes.size())
        result = Console::failure(
            tr("a user's role, password or whether it is disabled can change, nothing else"));
    else if (changes.isEmpty())
        result = Console::failure(tr("nothing to change"));
    else
        result = answer(m_engine.auth().users().update(id, QJsonObject::fromVariantMap(changes)));
    return audited(m_engine, u"user.update"_s, u"user"_s, id, result,
        { { u"fields"_s, QJsonArray::fromStringList(fields) } });
}

QVariantMap UserBackend::remove(qint64 id)
{
    const std::optional<User> user = m_engine.auth().users().get(id);
    QJsonObject details;
    if (user)
        details.insert(u"username"_s, user->username);
    return audited(
        m_engine, u"user.delete"_s, u"user"_s, id, answer(m_engine.auth().users().remove(id)), details);
}

} // namespace Kumo
