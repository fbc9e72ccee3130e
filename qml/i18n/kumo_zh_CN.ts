<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../AuditPage.qml" line="11"/>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <location filename="../AuditPage.qml" line="23"/>
        <source>action, e.g. task.*</source>
        <translation>操作，例如 task.*</translation>
    </message>
    <message>
        <location filename="../AuditPage.qml" line="42"/>
        <source>Nothing recorded for this filter.</source>
        <translation>此筛选条件下没有记录。</translation>
    </message>
    <message>
        <location filename="../AuditPage.qml" line="82"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../AuditPage.qml" line="84"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../AuditPage.qml" line="86"/>
        <source>On</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../AuditPage.qml" line="88"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../AuditPage.qml" line="90"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>BackupsPage</name>
    <message>
        <location filename="../BackupsPage.qml" line="13"/>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="30"/>
        <source>by hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="30"/>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="30"/>
        <source>before a restore</source>
        <translation>恢复前</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="33"/>
        <source>being written…</source>
        <translation>正在写入…</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="33"/>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="33"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="33"/>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="36"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="36"/>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="36"/>
        <source>Projects</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="36"/>
        <source>Environments</source>
        <translation>环境</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="37"/>
        <source>Variables</source>
        <translation>变量</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="37"/>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="37"/>
        <source>API tokens</source>
        <translation>API 令牌</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="38"/>
        <source>Python interpreters</source>
        <translation>Python 解释器</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="38"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="38"/>
        <source>Audit events</source>
        <translation>审计事件</translation>
    </message>
    <message numerus="yes">
        <location filename="../BackupsPage.qml" line="43"/>
        <source>%n task(s)</source>
        <translation>
            <numerusform>%n 个任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../BackupsPage.qml" line="44"/>
        <source>%n project(s)</source>
        <translation>
            <numerusform>%n 个项目</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../BackupsPage.qml" line="45"/>
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n 次运行</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="46"/>
        <source>with the projects&apos; files</source>
        <translation>包含项目文件</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="46"/>
        <source>without the projects&apos; files</source>
        <translation>不含项目文件</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="53"/>
        <source>Writing %1…</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="69"/>
        <source>%1 is written</source>
        <translation>%1 已写入</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="69"/>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="79"/>
        <source>With the projects&apos; files</source>
        <translation>包含项目文件</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="82"/>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="82"/>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="89"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="108"/>
        <source>A restore waits: the console stops now and applies it when it starts again. Nothing more can change until then.</source>
        <translation>恢复正在等待：控制台现在停止，并在下次启动时应用恢复。在此之前不能再做任何更改。</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="114"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="134"/>
        <source>No backups yet. Back up now keeps the database, settings and, if you like, the projects&apos; files in one ZIP.</source>
        <translation>还没有备份。“立即备份”会把数据库、设置以及（可选）项目文件保存到一个 ZIP 中。</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="172"/>
        <source>Restore…</source>
        <translation>恢复…</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="183"/>
        <source>Delete %1</source>
        <translation>删除 %1</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="198"/>
        <source>Restore %1?</source>
        <translation>恢复 %1？</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="209"/>
        <source>Restoring %1: the console stops; start it again to open the restored data. The state before is kept as %2.</source>
        <translation>正在恢复 %1：控制台将停止；再次启动即可打开恢复后的数据。恢复前的状态保存为 %2。</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="213"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="216"/>
        <source>Restore and stop the console</source>
        <translation>恢复并停止控制台</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="231"/>
        <source>Nothing has changed yet: this is what restoring would do.</source>
        <translation>目前还没有任何更改：以下是恢复将会做的事。</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="237"/>
        <source>Made %1 (%2)</source>
        <translation>创建于 %1（%2）</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="238"/>
        <source>Kumo %1</source>
        <translation>Kumo %1</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="246"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="247"/>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="248"/>
        <source>After</source>
        <translation>恢复后</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="285"/>
        <source>Tasks back: %1</source>
        <translation>恢复回来的任务：%1</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="293"/>
        <source>Tasks gone: %1</source>
        <translation>将消失的任务：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../BackupsPage.qml" line="300"/>
        <source>%n secret(s) were encrypted with another master key and cannot be read after the restore; set them again.</source>
        <translation>
            <numerusform>%n 个密钥由另一个主密钥加密，恢复后无法读取；请重新设置。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="301"/>
        <source>Its secrets can be read with this machine&apos;s master key.</source>
        <translation>其中的密钥可以用本机的主密钥读取。</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="307"/>
        <source>The projects&apos; files are restored too.</source>
        <translation>项目文件也会被恢复。</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="307"/>
        <source>The projects&apos; files stay as they are now.</source>
        <translation>项目文件保持现状。</translation>
    </message>
    <message numerus="yes">
        <location filename="../BackupsPage.qml" line="324"/>
        <source>%n run(s) are running: stop them</source>
        <translation>
            <numerusform>有 %n 个运行正在进行：请先停止它们</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="327"/>
        <source>The current state is saved as a backup first, so the restore can be undone. The console then stops; start it again to open the restored data.</source>
        <translation>会先把当前状态保存为一个备份，以便撤销恢复。然后控制台停止；再次启动即可打开恢复后的数据。</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="331"/>
        <source>Type %1 to confirm:</source>
        <translation>输入 %1 以确认：</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="349"/>
        <source>Delete %1?</source>
        <translation>删除 %1？</translation>
    </message>
    <message>
        <location filename="../BackupsPage.qml" line="351"/>
        <source>The archive is deleted from the backups folder.</source>
        <translation>该归档将从备份文件夹中删除。</translation>
    </message>
</context>
<context>
    <name>CronPresets</name>
    <message>
        <location filename="../CronPresets.qml" line="85"/>
        <source>Schedule</source>
        <translation>计划</translation>
    </message>
    <message>
        <location filename="../CronPresets.qml" line="86"/>
        <source>Every N minutes</source>
        <translation>每 N 分钟</translation>
    </message>
    <message>
        <location filename="../CronPresets.qml" line="86"/>
        <source>Hourly</source>
        <translation>每小时</translation>
    </message>
    <message>
        <location filename="../CronPresets.qml" line="86"/>
        <source>Daily</source>
        <translation>每天</translation>
    </message>
    <message>
        <location filename="../CronPresets.qml" line="86"/>
        <source>Weekdays</source>
        <translation>工作日</translation>
    </message>
    <message>
        <location filename="../CronPresets.qml" line="86"/>
        <source>Weekly</source>
        <translation>每周</translation>
    </message>
    <message>
        <location filename="../CronPresets.qml" line="87"/>
        <source>Monthly</source>
        <translation>每月</translation>
    </message>
    <message>
        <location filename="../CronPresets.qml" line="87"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../CronPresets.qml" line="94"/>
        <source>Every how many minutes</source>
        <translation>每隔多少分钟</translation>
    </message>
    <message>
        <location filename="../CronPresets.qml" line="97"/>
        <source>every %1 min</source>
        <translation>每 %1 分钟</translation>
    </message>
    <message>
        <location filename="../CronPresets.qml" line="104"/>
        <source>Weekday</source>
        <translation>星期</translation>
    </message>
    <message>
        <location filename="../CronPresets.qml" line="111"/>
        <source>on day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../CronPresets.qml" line="117"/>
        <source>Day of the month</source>
        <translation>月中的日期</translation>
    </message>
    <message>
        <location filename="../CronPresets.qml" line="125"/>
        <source>at minute</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../CronPresets.qml" line="129"/>
        <source>at</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../CronPresets.qml" line="135"/>
        <source>Hour</source>
        <translation>小时</translation>
    </message>
    <message>
        <location filename="../CronPresets.qml" line="150"/>
        <source>Minute</source>
        <translation>分钟</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../DashboardPage.qml" line="11"/>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <location filename="../DashboardPage.qml" line="39"/>
        <source>Running now</source>
        <translation>正在运行</translation>
    </message>
    <message>
        <location filename="../DashboardPage.qml" line="40"/>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../DashboardPage.qml" line="41"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../DashboardPage.qml" line="42"/>
        <source>Concurrency limit</source>
        <translation>并发上限</translation>
    </message>
    <message>
        <location filename="../DashboardPage.qml" line="63"/>
        <source>CPU %1%</source>
        <translation>CPU %1%</translation>
    </message>
    <message>
        <location filename="../DashboardPage.qml" line="78"/>
        <source>Memory %1 of %2</source>
        <translation>内存 %1 / %2</translation>
    </message>
    <message>
        <location filename="../DashboardPage.qml" line="92"/>
        <source>Latest runs</source>
        <translation>最近运行</translation>
    </message>
</context>
<context>
    <name>EnvironmentPage</name>
    <message>
        <location filename="../EnvironmentPage.qml" line="52"/>
        <source>Environments</source>
        <translation>环境</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="56"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="67"/>
        <source>By name</source>
        <translation>按名称</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="68"/>
        <source>Requirements file</source>
        <translation>依赖文件</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="81"/>
        <source>requests pandas&gt;=2 …</source>
        <translation>requests pandas&gt;=2 …</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="84"/>
        <source>Install</source>
        <translation>安装</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="89"/>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="96"/>
        <source>Project %1</source>
        <translation>项目 %1</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="97"/>
        <source>A file on this computer…</source>
        <translation>本机上的文件…</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="101"/>
        <source>File in the project</source>
        <translation>项目中的文件</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="101"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="112"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="117"/>
        <source>Upgrade what is installed</source>
        <translation>升级已安装的包</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="120"/>
        <source>Upgrade from the file</source>
        <translation>按文件升级</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="120"/>
        <source>Install from the file</source>
        <translation>按文件安装</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="126"/>
        <source>Reading the packages…</source>
        <translation>正在读取包列表…</translation>
    </message>
    <message numerus="yes">
        <location filename="../EnvironmentPage.qml" line="126"/>
        <source>%n package(s)</source>
        <translation>
            <numerusform>%n 个包</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="146"/>
        <source>Uninstall %1</source>
        <translation>卸载 %1</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="155"/>
        <source>Operation #%1: %2</source>
        <translation>操作 #%1：%2</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="155"/>
        <source>No operation running.</source>
        <translation>没有正在进行的操作。</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="183"/>
        <source>Delete %1?</source>
        <translation>删除 %1？</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="185"/>
        <source>The environment and its installed packages are deleted.</source>
        <translation>该环境及其已安装的包将被删除。</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="195"/>
        <source>Choose a requirements file</source>
        <translation>选择依赖文件</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="196"/>
        <source>Requirements (*.txt *.in)</source>
        <translation>依赖文件 (*.txt *.in)</translation>
    </message>
    <message>
        <location filename="../EnvironmentPage.qml" line="196"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>EnvironmentsPage</name>
    <message>
        <location filename="../EnvironmentsPage.qml" line="12"/>
        <source>Environments</source>
        <translation>环境</translation>
    </message>
    <message>
        <location filename="../EnvironmentsPage.qml" line="23"/>
        <location filename="../EnvironmentsPage.qml" line="67"/>
        <source>New environment</source>
        <translation>新建环境</translation>
    </message>
    <message>
        <location filename="../EnvironmentsPage.qml" line="35"/>
        <source>No environments yet. Make one from a Python interpreter on this machine.</source>
        <translation>还没有环境。用本机的 Python 解释器创建一个。</translation>
    </message>
    <message numerus="yes">
        <location filename="../EnvironmentsPage.qml" line="56"/>
        <source>%n package(s)</source>
        <translation>
            <numerusform>%n 个包</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../EnvironmentsPage.qml" line="94"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../EnvironmentsPage.qml" line="97"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location filename="../EnvironmentsPage.qml" line="106"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../EnvironmentsPage.qml" line="114"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../EnvironmentsPage.qml" line="132"/>
        <source>conda is not available: no conda, mamba or micromamba was found on this machine. Install one, or give its path in Settings → Python.</source>
        <translation>conda 不可用：本机上没有找到 conda、mamba 或 micromamba。请安装其中之一，或在“设置 → Python”中填写其路径。</translation>
    </message>
    <message>
        <location filename="../EnvironmentsPage.qml" line="133"/>
        <source>Made with %1, which installs the Python version you name.</source>
        <translation>由 %1 创建，它会安装你指定的 Python 版本。</translation>
    </message>
    <message>
        <location filename="../EnvironmentsPage.qml" line="134"/>
        <source>A venv of a Python interpreter found on this machine.</source>
        <translation>本机上找到的某个 Python 解释器的 venv。</translation>
    </message>
    <message>
        <location filename="../EnvironmentsPage.qml" line="136"/>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <location filename="../EnvironmentsPage.qml" line="144"/>
        <source>Python version</source>
        <translation>Python 版本</translation>
    </message>
</context>
<context>
    <name>InterpretersPage</name>
    <message>
        <location filename="../InterpretersPage.qml" line="11"/>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <location filename="../InterpretersPage.qml" line="18"/>
        <source>Added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <location filename="../InterpretersPage.qml" line="30"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../InterpretersPage.qml" line="31"/>
        <source>Detect again</source>
        <translation>重新检测</translation>
    </message>
    <message>
        <location filename="../InterpretersPage.qml" line="54"/>
        <source>used by %1</source>
        <translation>被 %1 使用</translation>
    </message>
    <message>
        <location filename="../InterpretersPage.qml" line="57"/>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
</context>
<context>
    <name>Kumo::BackupBackend</name>
    <message>
        <location filename="../../app/console/backupbackend.cpp" line="65"/>
        <source>a restore is waiting for Kumo to restart</source>
        <translation>恢复正在等待 Kumo 重启</translation>
    </message>
    <message>
        <location filename="../../app/console/backupbackend.cpp" line="81"/>
        <source>no backup is called %1</source>
        <translation>没有名为 %1 的备份</translation>
    </message>
</context>
<context>
    <name>Kumo::ConsoleBackend</name>
    <message>
        <location filename="../../app/console/consolebackend.cpp" line="278"/>
        <source>%1 is not a file</source>
        <translation>%1 不是文件</translation>
    </message>
    <message>
        <location filename="../../app/console/consolebackend.cpp" line="281"/>
        <source>%1 is larger than the %2 bytes an upload may be</source>
        <translation>%1 超过了上传允许的 %2 字节</translation>
    </message>
    <message>
        <location filename="../../app/console/consolebackend.cpp" line="328"/>
        <source>%1 is not a text file</source>
        <translation>%1 不是文本文件</translation>
    </message>
    <message>
        <location filename="../../app/console/consolebackend.cpp" line="341"/>
        <source>the text is larger than the %1 bytes the editor saves</source>
        <translation>文本超过了编辑器可保存的 %1 字节</translation>
    </message>
    <message>
        <location filename="../../app/console/consolebackend.cpp" line="426"/>
        <source>%1 is not an executable file</source>
        <translation>%1 不是可执行文件</translation>
    </message>
    <message>
        <location filename="../../app/console/consolebackend.cpp" line="428"/>
        <location filename="../../app/console/consolebackend.cpp" line="646"/>
        <source>the setting could not be stored</source>
        <translation>无法保存该设置</translation>
    </message>
    <message>
        <location filename="../../app/console/consolebackend.cpp" line="468"/>
        <source>choose a requirements file</source>
        <translation>请选择一个依赖文件</translation>
    </message>
    <message>
        <location filename="../../app/console/consolebackend.cpp" line="470"/>
        <source>%1 is not a readable file</source>
        <translation>%1 不是可读的文件</translation>
    </message>
    <message>
        <location filename="../../app/console/consolebackend.cpp" line="472"/>
        <source>%1 is larger than %2 bytes: not a requirements file</source>
        <translation>%1 大于 %2 字节：不是依赖文件</translation>
    </message>
    <message>
        <location filename="../../app/console/consolebackend.cpp" line="514"/>
        <source>the action must be install, upgrade or uninstall</source>
        <translation>操作必须是 install、upgrade 或 uninstall</translation>
    </message>
    <message>
        <location filename="../../app/console/consolebackend.cpp" line="516"/>
        <source>name at least one package</source>
        <translation>至少填写一个包</translation>
    </message>
</context>
<context>
    <name>Kumo::MaintenanceBackend</name>
    <message>
        <location filename="../../app/console/maintenancebackend.cpp" line="54"/>
        <source>choose what to fix</source>
        <translation>请选择要修复的内容</translation>
    </message>
    <message>
        <location filename="../../app/console/maintenancebackend.cpp" line="58"/>
        <source>%1 is not a kind of finding; kinds: %2</source>
        <translation>%1 不是一种检查结果；可用类型：%2</translation>
    </message>
    <message>
        <location filename="../../app/console/maintenancebackend.cpp" line="90"/>
        <source>the setting could not be stored</source>
        <translation>无法保存该设置</translation>
    </message>
</context>
<context>
    <name>Kumo::TaskListModel</name>
    <message>
        <location filename="../../app/console/tasklistmodel.cpp" line="40"/>
        <source>cron %1</source>
        <translation>cron %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/console/tasklistmodel.cpp" line="42"/>
        <source>every %n s</source>
        <translation>
            <numerusform>每 %n 秒</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/console/tasklistmodel.cpp" line="44"/>
        <source>once at %1</source>
        <translation>于 %1 执行一次</translation>
    </message>
</context>
<context>
    <name>Kumo::UserBackend</name>
    <message>
        <location filename="../../app/console/userbackend.cpp" line="57"/>
        <source>a user&apos;s role, password or whether it is disabled can change, nothing else</source>
        <translation>只能更改用户的角色、密码或是否禁用，不能更改其他内容</translation>
    </message>
    <message>
        <location filename="../../app/console/userbackend.cpp" line="59"/>
        <source>nothing to change</source>
        <translation>没有要更改的内容</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../Main.qml" line="14"/>
        <source>Kumo — %1</source>
        <translation>Kumo — %1</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="34"/>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="35"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="36"/>
        <source>Runs &amp;&amp; logs</source>
        <translation>运行与日志</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="37"/>
        <source>Projects</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="38"/>
        <source>Environments</source>
        <translation>环境</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="39"/>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="40"/>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="41"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="42"/>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="43"/>
        <source>Maintenance</source>
        <translation>维护</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="44"/>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="111"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="114"/>
        <source>Serving %1</source>
        <translation>正在提供服务：%1</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="114"/>
        <source>Not serving HTTP</source>
        <translation>未提供 HTTP 服务</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="121"/>
        <source>Kumo %1</source>
        <translation>Kumo %1</translation>
    </message>
</context>
<context>
    <name>MaintenancePage</name>
    <message>
        <location filename="../MaintenancePage.qml" line="12"/>
        <source>Maintenance</source>
        <translation>维护</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="34"/>
        <source>Runs of deleted tasks</source>
        <translation>已删除任务的运行记录</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="34"/>
        <source>delete the runs with their logs</source>
        <translation>删除这些运行及其日志</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="35"/>
        <source>Log files without a run or operation</source>
        <translation>没有对应运行或操作的日志文件</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="35"/>
        <source>delete the files</source>
        <translation>删除这些文件</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="36"/>
        <source>Runs whose log file is gone</source>
        <translation>日志文件已丢失的运行</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="36"/>
        <source>forget the missing log</source>
        <translation>忘记丢失的日志</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="37"/>
        <source>Runs stuck in a state</source>
        <translation>卡在某个状态的运行</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="37"/>
        <source>a run recorded running that no process runs becomes lost; a queued run the queue does not hold is queued again</source>
        <translation>记录为运行中但没有进程在运行的，标记为丢失；队列中没有的排队运行，重新排队</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="38"/>
        <source>Environments whose directory is gone</source>
        <translation>目录已丢失的环境</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="38"/>
        <source>mark them failed (reset rebuilds them from their last freeze)</source>
        <translation>标记为失败（重置会按最近一次冻结重建）</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="39"/>
        <source>Projects whose files are gone</source>
        <translation>文件已丢失的项目</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="39"/>
        <source>mark them failed (replacing the code brings them back)</source>
        <translation>标记为失败（替换代码即可恢复）</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="40"/>
        <source>Files in the data directory nothing refers to</source>
        <translation>数据目录中无人引用的文件</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="40"/>
        <source>delete them</source>
        <translation>删除它们</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="73"/>
        <source>checked %1</source>
        <translation>检查于 %1</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="74"/>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="77"/>
        <source>Fix chosen (%1)…</source>
        <translation>修复所选（%1）…</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="77"/>
        <source>Fix chosen…</source>
        <translation>修复所选…</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="91"/>
        <source>Everything is consistent: the database and the data directory agree.</source>
        <translation>一切一致：数据库与数据目录相符。</translation>
    </message>
    <message numerus="yes">
        <location filename="../MaintenancePage.qml" line="92"/>
        <source>%n finding(s)</source>
        <translation>
            <numerusform>%n 项发现</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="92"/>
        <source>%1 on disk</source>
        <translation>磁盘占用 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../MaintenancePage.qml" line="104"/>
        <source>Fixed %n item(s)</source>
        <translation>
            <numerusform>已修复 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="104"/>
        <source>%1 freed</source>
        <translation>释放 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../MaintenancePage.qml" line="134"/>
        <location filename="../MaintenancePage.qml" line="211"/>
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 项</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="134"/>
        <source>nothing found</source>
        <translation>未发现问题</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="138"/>
        <source>Fixing: %1</source>
        <translation>正在修复：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../MaintenancePage.qml" line="147"/>
        <source>… and %n more</source>
        <translation>
            <numerusform>…… 还有 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="158"/>
        <source>Run logs</source>
        <translation>运行日志</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="161"/>
        <source>Keep logs for</source>
        <translation>日志保留</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="171"/>
        <source>days, and at most</source>
        <translation>天，且每个任务最多保留</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="181"/>
        <source>runs per task</source>
        <translation>次运行</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="184"/>
        <source>Save and clean up</source>
        <translation>保存并清理</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="187"/>
        <source>Saved: older logs are deleted now and every hour.</source>
        <translation>已保存：较旧的日志现在删除，之后每小时清理一次。</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="202"/>
        <source>Fix what was found?</source>
        <translation>修复发现的问题？</translation>
    </message>
    <message>
        <location filename="../MaintenancePage.qml" line="219"/>
        <source>Frees %1.</source>
        <translation>将释放 %1。</translation>
    </message>
</context>
<context>
    <name>ProjectPage</name>
    <message>
        <location filename="../ProjectPage.qml" line="41"/>
        <source>%1 saved</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../ProjectPage.qml" line="52"/>
        <source>Projects</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../ProjectPage.qml" line="53"/>
        <source>Project #%1</source>
        <translation>项目 #%1</translation>
    </message>
    <message>
        <location filename="../ProjectPage.qml" line="55"/>
        <location filename="../ProjectPage.qml" line="116"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../ProjectPage.qml" line="92"/>
        <source>Choose a file on the left.</source>
        <translation>在左侧选择一个文件。</translation>
    </message>
    <message>
        <location filename="../ProjectPage.qml" line="103"/>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../ProjectPage.qml" line="105"/>
        <source>%1 has changes that are not saved.</source>
        <translation>%1 有未保存的修改。</translation>
    </message>
    <message>
        <location filename="../ProjectPage.qml" line="107"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ProjectPage.qml" line="110"/>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
</context>
<context>
    <name>ProjectsPage</name>
    <message>
        <location filename="../ProjectsPage.qml" line="12"/>
        <source>Projects</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../ProjectsPage.qml" line="28"/>
        <source>Import ZIP…</source>
        <translation>导入 ZIP…</translation>
    </message>
    <message>
        <location filename="../ProjectsPage.qml" line="34"/>
        <source>Choose a project archive</source>
        <translation>选择项目压缩包</translation>
    </message>
    <message>
        <location filename="../ProjectsPage.qml" line="35"/>
        <source>Archives (*.zip *.tar.gz *.tgz *.tar.xz *.tar.zst *.7z)</source>
        <translation>压缩包 (*.zip *.tar.gz *.tgz *.tar.xz *.tar.zst *.7z)</translation>
    </message>
    <message>
        <location filename="../ProjectsPage.qml" line="53"/>
        <source>No projects yet. Import a ZIP of your Python project.</source>
        <translation>还没有项目。导入你的 Python 项目 ZIP。</translation>
    </message>
    <message numerus="yes">
        <location filename="../ProjectsPage.qml" line="74"/>
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ProjectsPage.qml" line="74"/>
        <source>revision %1</source>
        <translation>版本 %1</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <location filename="../RunPage.qml" line="38"/>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="39"/>
        <source>Run #%1</source>
        <translation>运行 #%1</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="41"/>
        <source>exit %1</source>
        <translation>退出码 %1</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="45"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="53"/>
        <source>Re-run</source>
        <translation>重新运行</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="67"/>
        <source>started %1</source>
        <translation>开始于 %1</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="67"/>
        <source>finished %1</source>
        <translation>结束于 %1</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="68"/>
        <source>CPU peak %1</source>
        <translation>CPU 峰值 %1</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="69"/>
        <source>memory peak %1</source>
        <translation>内存峰值 %1</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="82"/>
        <source>CPU %</source>
        <translation>CPU %</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="89"/>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="131"/>
        <source>Load earlier</source>
        <translation>加载更早的内容</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="165"/>
        <source>Waiting for output…</source>
        <translation>等待输出…</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="165"/>
        <source>This run wrote nothing.</source>
        <translation>这次运行没有输出。</translation>
    </message>
    <message>
        <location filename="../RunPage.qml" line="174"/>
        <source>↓ Follow</source>
        <translation>↓ 跟随</translation>
    </message>
</context>
<context>
    <name>RunTable</name>
    <message>
        <location filename="../RunTable.qml" line="16"/>
        <source>No runs yet.</source>
        <translation>还没有运行记录。</translation>
    </message>
    <message>
        <location filename="../RunTable.qml" line="22"/>
        <source>scheduled</source>
        <translation>按计划</translation>
    </message>
    <message>
        <location filename="../RunTable.qml" line="22"/>
        <source>by hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <location filename="../RunTable.qml" line="22"/>
        <source>retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../RunTable.qml" line="44"/>
        <source>attempt %1</source>
        <translation>第 %1 次尝试</translation>
    </message>
    <message>
        <location filename="../RunTable.qml" line="47"/>
        <source>exit %1</source>
        <translation>退出码 %1</translation>
    </message>
</context>
<context>
    <name>RunsPage</name>
    <message>
        <location filename="../RunsPage.qml" line="11"/>
        <source>Runs and logs</source>
        <translation>运行与日志</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../SettingsPage.qml" line="13"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="27"/>
        <source>Project %1</source>
        <translation>项目 %1</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="28"/>
        <source>Task %1</source>
        <translation>任务 %1</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="29"/>
        <source>Global (every run)</source>
        <translation>全局（所有运行）</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="59"/>
        <source>Variables</source>
        <translation>变量</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="60"/>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="61"/>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="73"/>
        <source>Environment variables</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="79"/>
        <source>Every scope</source>
        <translation>所有范围</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="84"/>
        <location filename="../SettingsPage.qml" line="233"/>
        <source>New variable</source>
        <translation>新建变量</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="98"/>
        <source>No variable in this scope.</source>
        <translation>此范围内没有变量。</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="98"/>
        <source>No variables yet. Runs get them in their environment; secrets are encrypted and never shown again.</source>
        <translation>还没有变量。运行时它们会出现在环境中；密钥会被加密，且不再显示。</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="113"/>
        <source>secret</source>
        <translation>密钥</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="126"/>
        <source>Delete %1</source>
        <translation>删除 %1</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="133"/>
        <source>A run gets the global variables, then its project&apos;s, then its task&apos;s: a narrower scope wins over a wider one for the same name.</source>
        <translation>运行依次获得全局变量、其项目的变量、其任务的变量：同名时范围越窄越优先。</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="143"/>
        <source>PyPI mirror</source>
        <translation>PyPI 镜像</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="154"/>
        <location filename="../SettingsPage.qml" line="183"/>
        <location filename="../SettingsPage.qml" line="208"/>
        <location filename="../SettingsPage.qml" line="245"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="157"/>
        <location filename="../SettingsPage.qml" line="186"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="164"/>
        <source>conda, mamba or micromamba</source>
        <translation>conda、mamba 或 micromamba</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="167"/>
        <source>In use: %1</source>
        <translation>正在使用：%1</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="168"/>
        <source>None found: conda environments cannot be made.</source>
        <translation>未找到：无法创建 conda 环境。</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="176"/>
        <source>empty: look for micromamba, mamba or conda</source>
        <translation>留空：自动查找 micromamba、mamba 或 conda</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="180"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="199"/>
        <source>Serve the API and browser dashboard</source>
        <translation>提供 API 和浏览器仪表盘</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="211"/>
        <source>Applies at the next start of the console. Empty: the console serves nothing. Now: %1</source>
        <translation>下次启动控制台时生效。留空：控制台不提供服务。当前：%1</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="211"/>
        <source>not serving</source>
        <translation>未提供服务</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="216"/>
        <source>Data directory: %1</source>
        <translation>数据目录：%1</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="223"/>
        <source>Choose conda, mamba or micromamba</source>
        <translation>选择 conda、mamba 或 micromamba</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="233"/>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="244"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="251"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="253"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="259"/>
        <source>leave blank to keep</source>
        <translation>留空则保持不变</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="261"/>
        <source>Secret</source>
        <translation>密钥</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="265"/>
        <source>encrypted, masked in logs, never shown again</source>
        <translation>加密保存，日志中打码，之后不再显示</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="267"/>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="274"/>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="285"/>
        <source>Delete %1?</source>
        <translation>删除 %1？</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="288"/>
        <source>Runs of %1 no longer get this variable.</source>
        <translation>%1 的运行将不再获得此变量。</translation>
    </message>
</context>
<context>
    <name>StartupError</name>
    <message>
        <location filename="../StartupError.qml" line="13"/>
        <location filename="../StartupError.qml" line="20"/>
        <source>Kumo cannot start</source>
        <translation>Kumo 无法启动</translation>
    </message>
    <message>
        <location filename="../StartupError.qml" line="32"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>StateBadge</name>
    <message>
        <location filename="../StateBadge.qml" line="10"/>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../StateBadge.qml" line="11"/>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../StateBadge.qml" line="12"/>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../StateBadge.qml" line="13"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../StateBadge.qml" line="14"/>
        <source>Timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../StateBadge.qml" line="15"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../StateBadge.qml" line="16"/>
        <source>Lost</source>
        <translation>丢失</translation>
    </message>
    <message>
        <location filename="../StateBadge.qml" line="17"/>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <location filename="../StateBadge.qml" line="18"/>
        <source>Missed</source>
        <translation>已错过</translation>
    </message>
</context>
<context>
    <name>TaskEditor</name>
    <message>
        <location filename="../TaskEditor.qml" line="22"/>
        <source>Edit task</source>
        <translation>编辑任务</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="22"/>
        <source>New task</source>
        <translation>新建任务</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="84"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="85"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="94"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="100"/>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="106"/>
        <source>Trigger</source>
        <translation>触发器</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="111"/>
        <source>Cron expression</source>
        <translation>Cron 表达式</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="111"/>
        <source>Interval</source>
        <translation>固定间隔</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="114"/>
        <source>Schedule</source>
        <translation>计划</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="125"/>
        <source>Cron</source>
        <translation>Cron</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="134"/>
        <source>Every (seconds)</source>
        <translation>间隔（秒）</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="144"/>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="145"/>
        <source>the server&apos;s zone</source>
        <translation>服务器时区</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="146"/>
        <source>Retries</source>
        <translation>重试次数</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="148"/>
        <source>Timeout (s, 0 = none)</source>
        <translation>超时（秒，0 = 不限）</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="154"/>
        <source>This task runs once at a date; that trigger is kept unless you choose another here.</source>
        <translation>此任务在指定时间运行一次；除非在此选择其他触发器，否则保持不变。</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="163"/>
        <source>Next 5 fires</source>
        <translation>接下来 5 次触发</translation>
    </message>
    <message>
        <location filename="../TaskEditor.qml" line="178"/>
        <source>⚠ DST shift</source>
        <translation>⚠ 夏令时切换</translation>
    </message>
</context>
<context>
    <name>TaskPage</name>
    <message>
        <location filename="../TaskPage.qml" line="30"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="34"/>
        <source>Run now</source>
        <translation>立即运行</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="43"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="43"/>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="49"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="50"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="60"/>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="62"/>
        <source>Trigger</source>
        <translation>触发器</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="64"/>
        <source>Next run</source>
        <translation>下次运行</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="65"/>
        <source>not scheduled</source>
        <translation>未调度</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="66"/>
        <source>Retries / timeout</source>
        <translation>重试 / 超时</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="67"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="69"/>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="87"/>
        <source>Delete %1?</source>
        <translation>删除 %1？</translation>
    </message>
    <message>
        <location filename="../TaskPage.qml" line="89"/>
        <source>The task is deleted; its past runs stay in the history.</source>
        <translation>任务将被删除；已有的运行记录会保留。</translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <location filename="../TasksPage.qml" line="12"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message numerus="yes">
        <location filename="../TasksPage.qml" line="23"/>
        <source>%n task(s)</source>
        <translation>
            <numerusform>%n 个任务</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../TasksPage.qml" line="26"/>
        <source>New task</source>
        <translation>新建任务</translation>
    </message>
    <message>
        <location filename="../TasksPage.qml" line="45"/>
        <source>No tasks yet. Create one with New task (Ctrl+N).</source>
        <translation>还没有任务。用“新建任务”（Ctrl+N）创建一个。</translation>
    </message>
    <message>
        <location filename="../TasksPage.qml" line="76"/>
        <source>next %1</source>
        <translation>下次 %1</translation>
    </message>
    <message>
        <location filename="../TasksPage.qml" line="76"/>
        <source>not scheduled</source>
        <translation>未调度</translation>
    </message>
    <message>
        <location filename="../TasksPage.qml" line="85"/>
        <source>Enabled: click to pause</source>
        <translation>已启用：点击暂停</translation>
    </message>
    <message>
        <location filename="../TasksPage.qml" line="85"/>
        <source>Paused: click to resume</source>
        <translation>已暂停：点击恢复</translation>
    </message>
    <message>
        <location filename="../TasksPage.qml" line="94"/>
        <source>Run now</source>
        <translation>立即运行</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <location filename="../UsersPage.qml" line="12"/>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="22"/>
        <source>viewer</source>
        <translation>只读</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="22"/>
        <source>operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="22"/>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="25"/>
        <source>sees tasks, runs and logs</source>
        <translation>可查看任务、运行和日志</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="25"/>
        <source>also runs, pauses and cancels</source>
        <translation>还可运行、暂停和取消</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="26"/>
        <source>also changes everything, users included</source>
        <translation>还可更改一切，包括用户</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="29"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message numerus="yes">
        <location filename="../UsersPage.qml" line="48"/>
        <source>%n user(s)</source>
        <translation>
            <numerusform>%n 个用户</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="49"/>
        <location filename="../UsersPage.qml" line="124"/>
        <source>New user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="57"/>
        <source>They sign in at %1.</source>
        <translation>他们在 %1 登录。</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="58"/>
        <source>The console serves no API now (Settings → Console), so nobody signs in with these until it does.</source>
        <translation>控制台当前未提供 API（设置 → 控制台），因此在开启之前，没有人能用这些账号登录。</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="59"/>
        <source>You need no account here: the console is this computer&apos;s admin.</source>
        <translation>在这里你不需要账号：控制台就是这台计算机的管理员。</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="73"/>
        <source>No users yet.</source>
        <translation>还没有用户。</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="95"/>
        <source>can sign in</source>
        <translation>可以登录</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="95"/>
        <source>disabled</source>
        <translation>已禁用</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="103"/>
        <source>last sign-in %1</source>
        <translation>上次登录 %1</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="104"/>
        <source>since %1</source>
        <translation>自 %1 起</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="105"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="110"/>
        <source>Delete %1</source>
        <translation>删除 %1</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="131"/>
        <source>%1 can sign in now</source>
        <translation>%1 现在可以登录了</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="134"/>
        <location filename="../UsersPage.qml" line="189"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="135"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="141"/>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="143"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="149"/>
        <source>at least 8 characters</source>
        <translation>至少 8 个字符</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="152"/>
        <location filename="../UsersPage.qml" line="196"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="169"/>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="186"/>
        <source>Changes to %1 are saved</source>
        <translation>对 %1 的更改已保存</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="190"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="203"/>
        <source>Can sign in</source>
        <translation>可以登录</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="205"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="211"/>
        <source>leave blank to keep</source>
        <translation>留空则保持不变</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="215"/>
        <source>A new password or disabling signs the user out everywhere at once.</source>
        <translation>设置新密码或禁用用户会让该用户在所有地方立即退出登录。</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="230"/>
        <source>Delete %1?</source>
        <translation>删除 %1？</translation>
    </message>
    <message>
        <location filename="../UsersPage.qml" line="232"/>
        <source>The user can no longer sign in; their sessions and API tokens end.</source>
        <translation>该用户将无法再登录；其会话和 API 令牌将失效。</translation>
    </message>
</context>
</TS>
