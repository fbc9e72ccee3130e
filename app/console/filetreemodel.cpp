// SPDX-License-Identifier: MIT
#include "console/filetreemodel.h"

#include "engine.h"
#include "projects/projectservice.h"

namespace Kumo {

FileTreeModel::FileTreeModel(Engine &engine, qint64 projectId, QObject *parent)
    : QAbstractItemModel(parent)
    , m_engine(engine)
    , m_projectId(projectId)
{
    m_root.entry.type = FileEntry::Type::Directory;
    ProjectService &projects = engine.projects();
    connect(&projects, &ProjectService::projectChanged, this, [this](const Project &project) {
        // New files (a replacement unpacked, or the first archive ready): read them. An edit of
        // the project's fields, or a replacement still being unpacked, leaves the tree as it is.
        if (project.id == m_projectId
            && (project.revision != m_shownRevision || project.hasFiles() != m_shownHasFiles))
            reload();
    });
    connect(&projects, &ProjectService::projectRemoved, this, [this](qint64 projectId) {
        if (projectId == m_projectId)
            reload(); // empty, with the error saying it is gone
    });
    adopt(&m_root, read(&m_root));
}

FileTreeModel::~FileTreeModel() = default;

FileTreeModel::Node *FileTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : const_cast<Node *>(&m_root);
}

void FileTreeModel::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

void FileTreeModel::reload()
{
    // The top level is read inside the reset: views that look at the model when it ends find it
    // there, rather than rows arriving while they handle the reset.
    beginResetModel();
    m_root.children.clear();
    adopt(&m_root, read(&m_root));
    endResetModel();
}

QModelIndex FileTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *node = nodeOf(parent);
    if (column != 0 || row < 0 || size_t(row) >= node->children.size())
        return {};
    return createIndex(row, 0, node->children[size_t(row)].get());
}

QModelIndex FileTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *parent = nodeOf(child)->parent;
    if (!parent || parent == &m_root)
        return {};
    return createIndex(parent->row, 0, const_cast<Node *>(parent));
}

int FileTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int FileTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

bool FileTreeModel::hasChildren(const QModelIndex &parent) const
{
    const Node *node = nodeOf(parent);
    if (node->entry.type != FileEntry::Type::Directory)
        return false;
    // An unread folder may hold something: offer to expand it.
    return !node->fetched || !node->children.empty();
}

bool FileTreeModel::canFetchMore(const QModelIndex &parent) const
{
    const Node *node = nodeOf(parent);
    return node->entry.type == FileEntry::Type::Directory && !node->fetched;
}

void FileTreeModel::fetchMore(const QModelIndex &parent)
{
    Node *node = nodeOf(parent);
    if (node->fetched)
        return;
    const QList<FileEntry> entries = read(node);
    if (entries.isEmpty())
        return;
    beginInsertRows(parent, 0, int(entries.size()) - 1);
    adopt(node, entries);
    endInsertRows();
}

QList<FileEntry> FileTreeModel::read(Node *node)
{
    node->fetched = true;
    ProjectResult why;
    const std::optional<ProjectFiles> files
        = m_engine.projects().files(m_projectId, ProjectService::FileUse::Read, &why);
    if (node == &m_root) {
        m_shownRevision = why.project ? why.project->revision : 0;
        m_shownHasFiles = files.has_value();
    }
    if (!files) {
        setError(why.message);
        return {};
    }
    ProjectFiles::Result result;
    const std::optional<QList<FileEntry>> entries = files->list(node->entry.path, &result);
    if (!entries) {
        setError(result.message);
        return {};
    }
    setError({});
    return *entries;
}

void FileTreeModel::adopt(Node *node, const QList<FileEntry> &entries)
{
    for (const FileEntry &entry : entries) {
        auto child = std::make_unique<Node>();
        child->entry = entry;
        child->parent = node;
        child->row = int(node->children.size());
        node->children.push_back(std::move(child));
    }
}

QVariant FileTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const FileEntry &entry = nodeOf(index)->entry;
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return entry.name;
    case PathRole:
        return entry.path;
    case IsDirectoryRole:
        return entry.type == FileEntry::Type::Directory;
    case SizeRole:
        return entry.size;
    default:
        return {};
    }
}

QHash<int, QByteArray> FileTreeModel::roleNames() const
{
    return { { Qt::DisplayRole, "display" }, { NameRole, "name" }, { PathRole, "path" },
        { IsDirectoryRole, "isDirectory" }, { SizeRole, "size" } };
}

} // namespace Kumo
