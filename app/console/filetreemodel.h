// SPDX-License-Identifier: MIT
#pragma once

#include "projects/projectfiles.h"

#include <QAbstractItemModel>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <vector>

namespace Kumo {

class Engine;

/// The files of one project as a tree, read folder by folder as views expand them
/// (canFetchMore/fetchMore), through the same confined ProjectFiles as the API. It reads the
/// tree again when the project's files are replaced.
class FileTreeModel : public QAbstractItemModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("from Backend.createFileTree()")
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
public:
    enum Role { NameRole = Qt::UserRole + 1, PathRole, IsDirectoryRole, SizeRole };
    Q_ENUM(Role)

    FileTreeModel(Engine &engine, qint64 projectId, QObject *parent = nullptr);
    ~FileTreeModel() override;

    [[nodiscard]] QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    [[nodiscard]] QModelIndex parent(const QModelIndex &child) const override;
    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] bool hasChildren(const QModelIndex &parent = {}) const override;
    [[nodiscard]] bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /// Reads the whole tree again (after files were added or removed).
    Q_INVOKABLE void reload();
    [[nodiscard]] QString error() const { return m_error; }

Q_SIGNALS:
    void errorChanged();

private:
    struct Node
    {
        FileEntry entry;
        Node *parent = nullptr;
        std::vector<std::unique_ptr<Node>> children;
        int row = 0; // in parent->children, which only grow (a reload drops them all)
        bool fetched = false;
    };
    [[nodiscard]] Node *nodeOf(const QModelIndex &index) const;
    /// The entries of @p node's folder (none on an error, which error() then says); marks it read.
    [[nodiscard]] QList<FileEntry> read(Node *node);
    /// Makes @p entries the children of @p node, after those it has.
    static void adopt(Node *node, const QList<FileEntry> &entries);
    void setError(const QString &error);

    Engine &m_engine;
    qint64 m_projectId = 0;
    // What the top level was read from, to tell new files from other project changes.
    int m_shownRevision = 0;
    bool m_shownHasFiles = false;
    Node m_root;
    QString m_error;
};

} // namespace Kumo
