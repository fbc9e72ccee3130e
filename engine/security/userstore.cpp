// SPDX-License-Identifier: MIT
#include "security/userstore.h"

#include "core/clock.h"
#include "core/logging.h"
#include "security/secrets.h"
#include "storage/database.h"
#include "storage/sqlutil.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

constexpr int kMaxUsernameLength = 64;
constexpr int kMaxPasswordLength = 1024;

const QString kColumns = u"id, username, role, disabled, created_at, updated_at, last_login_at"_s;

// Appended to a statement that demotes, disables or deletes the user bound to the last `?`:
// the statement then does nothing when that would leave no enabled admin. One statement, so
// two admins demoting each other at once cannot both succeed.
const QString kKeepsAnAdmin = u"(role <> 'admin' OR disabled <> 0 OR EXISTS (SELECT 1 FROM users other "
                              "WHERE other.role = 'admin' AND other.disabled = 0 AND other.id <> ?))"_s;

User userFromRow(const QSqlQuery &query)
{
    User user;
    user.id = query.value(0).toLongLong();
    user.username = query.value(1).toString();
    const QString role = query.value(2).toString();
    if (const std::optional<Role> known = roleFromName(role)) {
        user.role = *known;
    } else {
        // Least privilege for a value this build does not know (a newer Kumo wrote it).
        qCWarning(lcSecurity) << "user" << user.username << "has unknown role" << role
                              << "- treated as viewer";
        user.role = Role::Viewer;
    }
    user.disabled = query.value(3).toInt() != 0;
    user.createdAt = query.value(4).toLongLong();
    user.updatedAt = query.value(5).toLongLong();
    user.lastLoginAt = Sql::column<qint64>(query, 6);
    return user;
}

/// Users matching @p where; nullopt (and @p error) when the database cannot be read.
std::optional<QList<User>> selectUsers(
    Database &database, const QString &where, const QVariantList &binds, QString *error)
{
    QSqlQuery &query = database.prepared(u"SELECT "_s + kColumns + u" FROM users "_s + where);
    for (const QVariant &bind : binds)
        query.addBindValue(bind);
    if (!query.exec()) {
        *error = u"cannot read users: %1"_s.arg(query.lastError().text());
        query.finish();
        return std::nullopt;
    }
    QList<User> users;
    while (query.next())
        users.append(userFromRow(query));
    query.finish();
    return users;
}

bool isValidUsername(const QString &username)
{
    static const QRegularExpression pattern(QRegularExpression::anchoredPattern(u"[A-Za-z0-9._@-]+"_s));
    return pattern.match(username).hasMatch();
}

void validateUsername(const QJsonValue &value, FieldErrors *errors)
{
    const QString field = u"username"_s;
    if (value.isUndefined() || value.isNull())
        errors->append({ field, u"is required"_s });
    else if (!value.isString())
        errors->append({ field, u"must be a string"_s });
    else if (value.toString().isEmpty())
        errors->append({ field, u"is required"_s });
    else if (value.toString().size() > kMaxUsernameLength)
        errors->append({ field, u"must be at most %1 characters"_s.arg(kMaxUsernameLength) });
    else if (!isValidUsername(value.toString()))
        errors->append({ field, u"may contain only letters, digits and . _ @ -"_s });
}

void validatePassword(const QJsonValue &value, FieldErrors *errors)
{
    const QString field = u"password"_s;
    if (value.isUndefined() || value.isNull())
        errors->append({ field, u"is required"_s });
    else if (!value.isString())
        errors->append({ field, u"must be a string"_s });
    else if (value.toString().size() < PasswordHasher::minimumLength)
        errors->append({ field, u"must be at least %1 characters"_s.arg(PasswordHasher::minimumLength) });
    else if (value.toString().size() > kMaxPasswordLength)
        errors->append({ field, u"must be at most %1 characters"_s.arg(kMaxPasswordLength) });
}

/// Reads an optional "role"; @p role keeps its value when the field is absent.
void readRole(const QJsonValue &value, Role *role, FieldErrors *errors)
{
    if (value.isUndefined())
        return;
    const std::optional<Role> parsed = value.isString() ? roleFromName(value.toString()) : std::nullopt;
    if (!parsed) {
        errors->append({ u"role"_s, u"must be one of viewer, operator, admin"_s });
        return;
    }
    *role = *parsed;
}

void readDisabled(const QJsonValue &value, bool *disabled, FieldErrors *errors)
{
    if (value.isUndefined())
        return;
    if (!value.isBool()) {
        errors->append({ u"disabled"_s, u"must be true or false"_s });
        return;
    }
    *disabled = value.toBool();
}

UserResult failure(UserResult::Status status, const QString &message, FieldErrors errors = {})
{
    UserResult result;
    result.status = status;
    result.message = message;
    result.errors = std::move(errors);
    return result;
}

/// Why a guarded UPDATE or DELETE of user @p id touched no row: the user was deleted
/// meanwhile (NotFound), or it is the last enabled admin (Conflict, with @p lastAdminMessage).
UserResult whyUnchanged(Database &database, qint64 id, const QString &lastAdminMessage)
{
    QString error;
    const std::optional<QList<User>> again = selectUsers(database, u"WHERE id = ?"_s, { id }, &error);
    if (!again)
        return failure(UserResult::Status::Error, error);
    if (again->isEmpty())
        return failure(UserResult::Status::NotFound, u"user %1 does not exist"_s.arg(id));
    return failure(UserResult::Status::Conflict, lastAdminMessage);
}

UserResult invalid(FieldErrors errors)
{
    return failure(UserResult::Status::Invalid, u"the user is not valid"_s, std::move(errors));
}

UserResult success(User user)
{
    UserResult result;
    result.user = std::move(user);
    return result;
}

/// Runs one write statement; false with @p error on failure.
bool exec(QSqlQuery &query, const QString &what, QString *error)
{
    if (query.exec())
        return true;
    *error = u"cannot %1: %2"_s.arg(what, query.lastError().text());
    return false;
}

} // namespace

UserStore::UserStore(Database &database, Clock &clock, PasswordHasher hasher)
    : m_database(database)
    , m_clock(clock)
    , m_hasher(hasher)
    // A hash of nothing anyone knows, verified when a username is unknown so that the answer
    // takes as long as for a real account.
    , m_dummyHash(m_hasher.hash(Secrets::randomToken(16)))
{ }

UserResult UserStore::create(const QJsonObject &json)
{
    FieldErrors errors;
    validateUsername(json.value(u"username"_s), &errors);
    validatePassword(json.value(u"password"_s), &errors);
    User user;
    readRole(json.value(u"role"_s), &user.role, &errors);
    readDisabled(json.value(u"disabled"_s), &user.disabled, &errors);
    if (!errors.isEmpty())
        return invalid(std::move(errors));
    user.username = json.value(u"username"_s).toString();

    const auto conflict = [&user] {
        return failure(UserResult::Status::Conflict,
            u"a user named \"%1\" already exists"_s.arg(user.username),
            { { u"username"_s, u"is already taken"_s } });
    };
    // Checked first to spare an argon2 hash; the UNIQUE constraint still decides a race.
    const std::optional<QList<User>> existing
        = selectUsers(m_database, u"WHERE username_key = ?"_s, { user.username.toLower() }, &m_error);
    if (!existing)
        return failure(UserResult::Status::Error, m_error);
    if (!existing->isEmpty())
        return conflict();

    const QString hash = m_hasher.hash(json.value(u"password"_s).toString());
    if (hash.isEmpty()) {
        m_error = u"cannot hash the password (out of memory)"_s;
        return failure(UserResult::Status::Error, m_error);
    }
    user.createdAt = user.updatedAt = m_clock.nowMs();
    QSqlQuery &query = m_database.prepared(
        u"INSERT INTO users (username, username_key, password_hash, role, disabled, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"_s);
    query.addBindValue(user.username);
    query.addBindValue(user.username.toLower());
    query.addBindValue(hash);
    query.addBindValue(roleName(user.role));
    query.addBindValue(user.disabled ? 1 : 0);
    query.addBindValue(user.createdAt);
    query.addBindValue(user.updatedAt);
    if (!query.exec() || !query.next()) {
        query.finish();
        if (Sql::isUniqueViolation(query.lastError()))
            return conflict();
        m_error = u"cannot create user: %1"_s.arg(query.lastError().text());
        return failure(UserResult::Status::Error, m_error);
    }
    user.id = query.value(0).toLongLong();
    query.finish();
    qCInfo(lcSecurity) << "created user" << user.username << "with role" << roleName(user.role);
    return success(std::move(user));
}

UserResult UserStore::update(qint64 id, const QJsonObject &changes)
{
    const std::optional<QList<User>> found = selectUsers(m_database, u"WHERE id = ?"_s, { id }, &m_error);
    if (!found)
        return failure(UserResult::Status::Error, m_error);
    if (found->isEmpty())
        return failure(UserResult::Status::NotFound, u"user %1 does not exist"_s.arg(id));
    const User current = found->constFirst();

    FieldErrors errors;
    const QJsonValue username = changes.value(u"username"_s);
    if (!username.isUndefined() && username.toString() != current.username)
        errors.append({ u"username"_s, u"cannot be changed"_s });
    const bool passwordChanges = changes.contains(u"password"_s);
    if (passwordChanges)
        validatePassword(changes.value(u"password"_s), &errors);
    User updated = current;
    readRole(changes.value(u"role"_s), &updated.role, &errors);
    readDisabled(changes.value(u"disabled"_s), &updated.disabled, &errors);
    if (!errors.isEmpty())
        return invalid(std::move(errors));

    QVariant hash = QVariant(QMetaType::fromType<QString>()); // NULL keeps the stored hash
    if (passwordChanges) {
        const QString newHash = m_hasher.hash(changes.value(u"password"_s).toString());
        if (newHash.isEmpty()) {
            m_error = u"cannot hash the password (out of memory)"_s;
            return failure(UserResult::Status::Error, m_error);
        }
        hash = newHash;
    }
    updated.updatedAt = m_clock.nowMs();
    const bool staysEnabledAdmin = updated.role == Role::Admin && !updated.disabled;

    QSqlDatabase db = m_database.connection();
    if (!db.transaction()) {
        m_error = u"cannot update user: %1"_s.arg(db.lastError().text());
        return failure(UserResult::Status::Error, m_error);
    }
    const auto rollback = [&db, this](UserResult::Status status, const QString &message) {
        db.rollback();
        if (status == UserResult::Status::Error)
            m_error = message;
        return failure(status, message);
    };
    QSqlQuery &query = m_database.prepared(
        u"UPDATE users SET password_hash = COALESCE(?, password_hash), role = ?, disabled = ?, "
        "updated_at = ? WHERE id = ? AND (? = 1 OR "_s
        + kKeepsAnAdmin + u")"_s);
    query.addBindValue(hash);
    query.addBindValue(roleName(updated.role));
    query.addBindValue(updated.disabled ? 1 : 0);
    query.addBindValue(updated.updatedAt);
    query.addBindValue(id);
    query.addBindValue(staysEnabledAdmin ? 1 : 0);
    query.addBindValue(id);
    QString error;
    if (!exec(query, u"update user"_s, &error))
        return rollback(UserResult::Status::Error, error);
    if (query.numRowsAffected() == 0) {
        const UserResult why = whyUnchanged(m_database, id,
            u"\"%1\" is the last enabled admin: make another user an admin first"_s.arg(current.username));
        return rollback(why.status, why.message);
    }
    // A new password or a disabled account must lock out whoever holds the old credentials.
    if (passwordChanges || updated.disabled) {
        QSqlQuery &sessions = m_database.prepared(u"DELETE FROM sessions WHERE user_id = ?"_s);
        sessions.addBindValue(id);
        if (!exec(sessions, u"end the user's sessions"_s, &error))
            return rollback(UserResult::Status::Error, error);
    }
    if (updated.disabled) {
        QSqlQuery &tokens = m_database.prepared(u"DELETE FROM api_tokens WHERE user_id = ?"_s);
        tokens.addBindValue(id);
        if (!exec(tokens, u"revoke the user's API tokens"_s, &error))
            return rollback(UserResult::Status::Error, error);
    }
    if (!db.commit())
        return rollback(UserResult::Status::Error, u"cannot update user: %1"_s.arg(db.lastError().text()));
    return success(get(id).value_or(updated));
}

UserResult UserStore::remove(qint64 id)
{
    const std::optional<QList<User>> found = selectUsers(m_database, u"WHERE id = ?"_s, { id }, &m_error);
    if (!found)
        return failure(UserResult::Status::Error, m_error);
    if (found->isEmpty())
        return failure(UserResult::Status::NotFound, u"user %1 does not exist"_s.arg(id));
    const User user = found->constFirst();

    QSqlDatabase db = m_database.connection();
    if (!db.transaction()) {
        m_error = u"cannot delete user: %1"_s.arg(db.lastError().text());
        return failure(UserResult::Status::Error, m_error);
    }
    const auto rollback = [&db, this](UserResult::Status status, const QString &message) {
        db.rollback();
        if (status == UserResult::Status::Error)
            m_error = message;
        return failure(status, message);
    };
    QString error;
    QSqlQuery &query = m_database.prepared(u"DELETE FROM users WHERE id = ? AND "_s + kKeepsAnAdmin);
    query.addBindValue(id);
    query.addBindValue(id);
    if (!exec(query, u"delete user"_s, &error))
        return rollback(UserResult::Status::Error, error);
    if (query.numRowsAffected() == 0) {
        const UserResult why = whyUnchanged(
            m_database, id, u"\"%1\" is the last enabled admin and cannot be deleted"_s.arg(user.username));
        return rollback(why.status, why.message);
    }
    // The foreign keys cascade too; saying it here keeps it true where they are not enforced.
    for (const QString &table : { u"sessions"_s, u"api_tokens"_s }) {
        QSqlQuery &credentials = m_database.prepared(u"DELETE FROM "_s + table + u" WHERE user_id = ?"_s);
        credentials.addBindValue(id);
        if (!exec(credentials, u"delete the user's credentials"_s, &error))
            return rollback(UserResult::Status::Error, error);
    }
    if (!db.commit())
        return rollback(UserResult::Status::Error, u"cannot delete user: %1"_s.arg(db.lastError().text()));
    qCInfo(lcSecurity) << "deleted user" << user.username;
    return success(user);
}

std::optional<User> UserStore::get(qint64 id) const
{
    const std::optional<QList<User>> users = selectUsers(m_database, u"WHERE id = ?"_s, { id }, &m_error);
    if (!users || users->isEmpty())
        return std::nullopt;
    return users->constFirst();
}

std::optional<User> UserStore::findByUsername(const QString &username) const
{
    const std::optional<QList<User>> users
        = selectUsers(m_database, u"WHERE username_key = ?"_s, { username.toLower() }, &m_error);
    if (!users || users->isEmpty())
        return std::nullopt;
    return users->constFirst();
}

QList<User> UserStore::list() const
{
    return selectUsers(m_database, u"ORDER BY username_key"_s, {}, &m_error).value_or(QList<User>());
}

qint64 UserStore::count() const
{
    QSqlQuery &query = m_database.prepared(u"SELECT COUNT(*) FROM users"_s);
    if (!query.exec() || !query.next()) {
        m_error = u"cannot count users: %1"_s.arg(query.lastError().text());
        query.finish();
        return -1;
    }
    const qint64 count = query.value(0).toLongLong();
    query.finish();
    return count;
}

std::optional<User> UserStore::verifyPassword(const QString &username, const QString &password)
{
    const std::optional<SignInAttempt> attempt = lookUp(username);
    if (!attempt)
        return std::nullopt;
    const SignInCheck result = check(*attempt, password);
    if (!result.passwordMatches)
        return std::nullopt;
    return recordSignIn(*attempt, result);
}

std::optional<UserStore::SignInAttempt> UserStore::lookUp(const QString &username)
{
    m_error.clear();
    QSqlQuery &query = m_database.prepared(
        u"SELECT "_s + kColumns + u", password_hash FROM users WHERE username_key = ?"_s);
    query.addBindValue(username.toLower());
    if (!query.exec()) {
        m_error = u"cannot read users: %1"_s.arg(query.lastError().text());
        query.finish();
        return std::nullopt;
    }
    std::optional<User> user;
    QString storedHash;
    if (query.next()) {
        user = userFromRow(query);
        storedHash = query.value(7).toString();
    }
    query.finish();
    SignInAttempt attempt;
    if (user && !user->disabled) {
        attempt.user = std::move(user);
        attempt.storedHash = std::move(storedHash);
    } else {
        // Same work as a real check: the answer's timing must not tell which accounts exist.
        attempt.storedHash = m_dummyHash;
    }
    return attempt;
}

UserStore::SignInCheck UserStore::check(const SignInAttempt &attempt, const QString &password) const
{
    SignInCheck result;
    const bool matches = m_hasher.verify(attempt.storedHash, password);
    result.passwordMatches = matches && attempt.user.has_value();
    // The password is in hand only now: the moment to move an old hash to the current limits.
    if (result.passwordMatches && m_hasher.needsRehash(attempt.storedHash))
        result.upgradedHash = m_hasher.hash(password);
    return result;
}

User UserStore::recordSignIn(const SignInAttempt &attempt, const SignInCheck &check)
{
    User user = *attempt.user;
    user.lastLoginAt = m_clock.nowMs();
    QSqlQuery &update = m_database.prepared(
        u"UPDATE users SET last_login_at = ?, password_hash = COALESCE(?, password_hash) WHERE id = ?"_s);
    update.addBindValue(*user.lastLoginAt);
    update.addBindValue(check.upgradedHash.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                                     : QVariant(check.upgradedHash));
    update.addBindValue(user.id);
    if (!update.exec()) // the sign-in itself is still right
        qCWarning(lcSecurity) << "cannot record sign-in of" << user.username << update.lastError().text();
    return user;
}

} // namespace Kumo
