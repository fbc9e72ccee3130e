// SPDX-License-Identifier: MIT
#pragma once

#include "core/fielderror.h"
#include "security/passwordhasher.h"
#include "security/user.h"

#include <QJsonObject>
#include <QList>

#include <optional>

namespace Kumo {

class Clock;
class Database;

/// The outcome of a user operation, shaped for both front ends (like TaskResult).
struct UserResult
{
    enum class Status { Ok, Invalid, NotFound, Conflict, Error };
    Status status = Status::Ok;
    std::optional<User> user;
    FieldErrors errors;
    QString message;
    [[nodiscard]] bool ok() const { return status == Status::Ok; }
};

/// Persists users (table `users`) with argon2id password hashes.
/// Usernames: 1–64 characters of [A-Za-z0-9._@-], unique case-insensitively.
/// Passwords: at least PasswordHasher::minimumLength characters, at most 1024.
/// The last enabled admin can be neither deleted, disabled nor demoted (Conflict).
class UserStore
{
public:
    UserStore(Database &database, Clock &clock, PasswordHasher hasher = PasswordHasher());

    /// Fields: "username", "password", "role" (default viewer), "disabled" (default false).
    [[nodiscard]] UserResult create(const QJsonObject &json);
    /// Any of "password", "role", "disabled"; a username cannot change.
    [[nodiscard]] UserResult update(qint64 id, const QJsonObject &changes);
    [[nodiscard]] UserResult remove(qint64 id);
    [[nodiscard]] std::optional<User> get(qint64 id) const;
    [[nodiscard]] std::optional<User> findByUsername(const QString &username) const;
    [[nodiscard]] QList<User> list() const;
    /// -1 when the users cannot be counted (errorString).
    [[nodiscard]] qint64 count() const;

    /// The user when @p password is right and the account enabled; also records lastLoginAt.
    /// Takes the same time whether or not the user exists (a dummy hash is verified).
    [[nodiscard]] std::optional<User> verifyPassword(const QString &username, const QString &password);

    /// The three steps of verifyPassword, for callers that hash on another thread:
    /// lookUp() and recordSignIn() use the database; check() only hashes and is thread-safe.
    struct SignInAttempt
    {
        std::optional<User> user; // nullopt: unknown or disabled (the dummy hash is checked)
        QString storedHash;
    };
    struct SignInCheck
    {
        bool passwordMatches = false;
        QString upgradedHash; // set when the stored hash used weaker limits
    };
    [[nodiscard]] std::optional<SignInAttempt> lookUp(const QString &username);
    [[nodiscard]] SignInCheck check(const SignInAttempt &attempt, const QString &password) const;
    /// Records a successful sign-in (lastLoginAt, upgraded hash) and returns the user.
    [[nodiscard]] User recordSignIn(const SignInAttempt &attempt, const SignInCheck &check);

    [[nodiscard]] QString errorString() const { return m_error; }

private:
    Database &m_database;
    Clock &m_clock;
    PasswordHasher m_hasher;
    QString m_dummyHash;
    mutable QString m_error;
};

} // namespace Kumo
