<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <location filename="../../reader/ui/language.py" line="29"/>
        <source>Article Reader</source>
        <translation>文章阅读器</translation>
    </message>
</context>
<context>
    <name>ArticleBrowser</name>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="83"/>
        <source>Article</source>
        <extracomment>The article&apos;s least width, in average letters of the window&apos;s font (never under ARTICLE_MIN_PX): the panes beside it give way first, and a side panel goes under it where the two do not fit side by side. How much wider than the least width for both side by side the pane must be before the panel goes back beside the article, and how close to it the pane may come before the panel goes under it: a window resized across the line does not flip at every pixel, and the side-by-side minimum is never what holds the window wide. The longest one remote image may take, all told.</extracomment>
        <translation>文章</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="300"/>
        <source>too large to show</source>
        <translation>图片过大，未显示</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="300"/>
        <source>too complex to show</source>
        <translation>图片过于复杂，未显示</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="300"/>
        <source>it loads other files</source>
        <translation>图片会加载其他文件，未显示</translation>
    </message>
</context>
<context>
    <name>ArticleListModel</name>
    <message>
        <location filename="../../reader/ui/models.py" line="904"/>
        <source>%1, unread</source>
        <extracomment>The roles the list answers (see ArticleListModel.data). A long list is sorted again on a worker, not here on the GUI thread: emitted with (column, order) instead of sorting in place.</extracomment>
        <translation>%1，未读</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="955"/>
        <location filename="../../reader/ui/site_groups.py" line="84"/>
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="969"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="970"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="971"/>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="972"/>
        <source>Categories</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="973"/>
        <source>Match</source>
        <translation>匹配</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="976"/>
        <source>Title · by relevance</source>
        <translation>标题 · 按相关度</translation>
    </message>
</context>
<context>
    <name>BulkPreviewDialog</name>
    <message>
        <location filename="../../reader/ui/form/bulk_dialog.py" line="67"/>
        <source>%1 (skipped: %2)</source>
        <translation>%1（已跳过：%2）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/form/bulk_dialog.py" line="57"/>
        <source>%n file(s) skipped.</source>
        <translation>
            <numerusform>跳过 %n 个文件。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/form/bulk_dialog.py" line="54"/>
        <source>%n file(s) will change.</source>
        <translation>
            <numerusform>将修改 %n 个文件。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/bulk_dialog.py" line="80"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/bulk_dialog.py" line="75"/>
        <source>Changes to the file</source>
        <translation>文件的改动</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/bulk_dialog.py" line="61"/>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/bulk_dialog.py" line="40"/>
        <source>Rename Category %1 to %2</source>
        <translation>将分类 %1 重命名为 %2</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/bulk_dialog.py" line="42"/>
        <source>Rename Tag %1 to %2</source>
        <translation>将标签 %1 重命名为 %2</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/bulk_dialog.py" line="49"/>
        <source>“%1” and “%2” are the same category; nothing to do.</source>
        <translation>“%1”和“%2”是同一个分类，无需修改。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/bulk_dialog.py" line="51"/>
        <source>“%1” and “%2” are the same tag; nothing to do.</source>
        <translation>“%1”和“%2”是同一个标签，无需修改。</translation>
    </message>
</context>
<context>
    <name>CategoriesEditor</name>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="771"/>
        <source>Add a category path</source>
        <translation>添加分类路径</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="770"/>
        <source>Add category</source>
        <extracomment>The most of a text that is not a date its error message repeats. An offset written at the end of a date&apos;s text.</extracomment>
        <translation>添加分类</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="790"/>
        <source>%1: category path</source>
        <translation>%1：分类路径</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="791"/>
        <source>Parent / Child</source>
        <translation>上级 / 下级</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="793"/>
        <source>Levels are separated by /. Type \/ for a / inside a name (A\/B).</source>
        <translation>层级之间用 / 分隔。名称中的 / 请输入 \/（如 A\/B）。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="801"/>
        <location filename="../../reader/ui/form/editors.py" line="802"/>
        <source>Remove this category</source>
        <translation>移除此分类</translation>
    </message>
</context>
<context>
    <name>CollectionsActions</name>
    <message>
        <location filename="../../reader/ui/collections_actions.py" line="84"/>
        <source>Export This Group…</source>
        <translation>导出此分组…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/collections_actions.py" line="51"/>
        <source>Open a library first.</source>
        <translation>请先打开资料库。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/collections_actions.py" line="96"/>
        <source>Choose an article to print.</source>
        <translation>请选择要打印的文章。</translation>
    </message>
</context>
<context>
    <name>CommitDialog</name>
    <message>
        <location filename="../../reader/ui/vcs/commit.py" line="39"/>
        <location filename="../../reader/ui/vcs/commit.py" line="69"/>
        <source>Commit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/commit.py" line="44"/>
        <source>modified</source>
        <translation>已修改</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/commit.py" line="45"/>
        <source>new</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/commit.py" line="46"/>
        <source>untracked</source>
        <translation>未跟踪</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/commit.py" line="47"/>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/commit.py" line="48"/>
        <source>renamed</source>
        <translation>已重命名</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/commit.py" line="49"/>
        <source>in conflict</source>
        <translation>有冲突</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/commit.py" line="51"/>
        <source>Changed articles (those this app edited are ticked):</source>
        <translation>有改动的文章（本应用编辑过的已勾选）：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/commit.py" line="55"/>
        <source>Changed articles</source>
        <translation>有改动的文章</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/commit.py" line="64"/>
        <source>Commit message</source>
        <translation>提交说明</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/commit.py" line="65"/>
        <source>Describe the change</source>
        <translation>描述这次改动</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/commit.py" line="77"/>
        <source>Message:</source>
        <translation>说明：</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="53"/>
        <source>Resolve Conflict in %1</source>
        <translation>解决 %1 中的冲突</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="57"/>
        <source>A sync tool left a conflicting copy: %1</source>
        <translation>同步工具留下了一个冲突副本：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="60"/>
        <source>This file</source>
        <translation>本文件</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="60"/>
        <source>The copy</source>
        <translation>副本</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="62"/>
        <source>A git merge left this article in conflict.</source>
        <translation>git 合并使这篇文章处于冲突状态。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="63"/>
        <location filename="../../reader/ui/vcs/conflict.py" line="66"/>
        <source>Ours</source>
        <translation>我方</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="63"/>
        <location filename="../../reader/ui/vcs/conflict.py" line="66"/>
        <source>Theirs</source>
        <translation>对方</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="65"/>
        <source>This article holds merge conflict markers.</source>
        <translation>这篇文章含有合并冲突标记。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="74"/>
        <source>Front-matter keys</source>
        <translation>前置元数据字段</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="75"/>
        <source>Base</source>
        <translation>共同祖先</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="75"/>
        <source>Base (none)</source>
        <translation>共同祖先（无）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="77"/>
        <source>Key</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="77"/>
        <source>Result (editable)</source>
        <translation>结果（可编辑）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="89"/>
        <source>(absent)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="90"/>
        <source>Click to take this value</source>
        <translation>点击采用此值</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="109"/>
        <source>Merged body</source>
        <translation>合并后的正文</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="115"/>
        <location filename="../../reader/ui/vcs/conflict.py" line="116"/>
        <source>Whole Body from %1</source>
        <translation>正文全部采用%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="226"/>
        <source>Click a value to take it, or type one</source>
        <translation>点击某个值采用它，或直接输入</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="126"/>
        <source>Save Resolution</source>
        <translation>保存解决结果</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/vcs/conflict.py" line="230"/>
        <source>%n key(s) differ.</source>
        <translation>
            <numerusform>%n 个字段不同。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="232"/>
        <source>Choose a value for: %1</source>
        <translation>请为这些字段选择值：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="234"/>
        <source>The front matter is the same on both sides.</source>
        <translation>两边的前置元数据相同。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/vcs/conflict.py" line="239"/>
        <source>Body: %n conflicting stretch(es) left to edit.</source>
        <translation>
            <numerusform>正文：还有 %n 处冲突需要编辑。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="242"/>
        <source>Body: merged.</source>
        <translation>正文：已合并。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="288"/>
        <source>Conflict in %1 resolved</source>
        <translation>%1 中的冲突已解决</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/conflict.py" line="290"/>
        <source>(the copy was moved to the trash)</source>
        <translation>（副本已移到回收站）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="113"/>
        <source>%1 was changed by another program while you were editing it. Keep your edits on top of the new file, or take the new file and drop your edits?</source>
        <translation>编辑期间，%1 已被其他程序修改。要把你的修改应用到新文件上，还是采用新文件并放弃你的修改？</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="127"/>
        <source>Differences</source>
        <translation>差异</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="128"/>
        <source>No changes.</source>
        <translation>没有改动。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="130"/>
        <source>Their change</source>
        <translation>对方的改动</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="132"/>
        <source>Your edits</source>
        <translation>你的修改</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="135"/>
        <source>What Keep Mine writes</source>
        <translation>“保留我的修改”将写入的内容</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="136"/>
        <source>T&amp;heir change</source>
        <translation>对方的改动(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="137"/>
        <source>&amp;Your edits</source>
        <translation>你的修改(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="138"/>
        <source>What &amp;Keep Mine writes</source>
        <translation>“保留我的修改”将写入(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="141"/>
        <source>Keep &amp;Mine</source>
        <translation>保留我的修改(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="143"/>
        <source>&amp;Take Theirs</source>
        <translation>采用新文件(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="144"/>
        <source>Show &amp;Differences</source>
        <translation>显示差异(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="107"/>
        <source>The File Changed on Disk</source>
        <translation>文件已在磁盘上被修改</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="613"/>
        <source>Empty: type a date, or remove the key</source>
        <translation>为空：请输入日期，或删除此键</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="422"/>
        <source>Calendar</source>
        <translation>日历</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="636"/>
        <source>Not a date: %1</source>
        <translation>不是日期：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="627"/>
        <source>Not a date: %1 (%2 has %3 days)</source>
        <translation>不是日期：%1（%2 有 %3 天）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="634"/>
        <source>Not saved as typed: %1 (at most six digits after the seconds; more would be cut)</source>
        <translation>无法按输入保存：%1（秒后最多六位数字，多出的会被截掉）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="621"/>
        <source>Not a date: %1 (there is no month %2)</source>
        <translation>不是日期：%1（没有 %2 月）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="423"/>
        <location filename="../../reader/ui/form/editors.py" line="424"/>
        <location filename="../../reader/ui/form/editors.py" line="659"/>
        <source>Pick the day from a calendar</source>
        <translation>从日历中选择日期</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="414"/>
        <location filename="../../reader/ui/form/editors.py" line="415"/>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="411"/>
        <source>e.g. 2021-04-16 15:21:00 +0800</source>
        <extracomment>The offsets the time-zone box offers (minutes east of UTC), besides the value&apos;s own and &quot;no time zone&quot;. The widest text the field must show whole (its minimum width).</extracomment>
        <translation>例如 2021-04-16 15:21:00 +0800</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="556"/>
        <source>no time zone</source>
        <translation>无时区</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="181"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="182"/>
        <source>&amp;Discard</source>
        <translation>放弃(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="183"/>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="193"/>
        <source>%1 has unsaved changes. Save them?</source>
        <translation>%1 有未保存的修改。要保存吗？</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="192"/>
        <source>Unsaved Changes</source>
        <translation>未保存的修改</translation>
    </message>
</context>
<context>
    <name>DiffDialog</name>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="89"/>
        <source>Changes</source>
        <translation>改动</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/dialogs.py" line="88"/>
        <source>No changes.</source>
        <translation>没有改动。</translation>
    </message>
</context>
<context>
    <name>EditController</name>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="759"/>
        <source>Not created: %1</source>
        <translation>未能新建：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="771"/>
        <location filename="../../reader/ui/form/controller.py" line="782"/>
        <source>Not renamed: %1</source>
        <translation>未能重命名：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="918"/>
        <source>its date comes from its name: it is put back at the start</source>
        <translation>它的日期来自文件名：已把日期放回文件名开头</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="955"/>
        <source>“%1” is dated %2 by its file name alone. Renamed to “%3”, it loses that date (a Jekyll site does not publish a post without a date at the start of its name).

Rename it anyway?</source>
        <translation>“%1”的日期 %2 仅来自其文件名。改名为“%3”后，它将失去这个日期（Jekyll 站点不会发布文件名开头没有日期的文章）。

仍要重命名吗？</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="809"/>
        <source>Not moved: %1</source>
        <translation>未能移动：%1</translation>
    </message>
    <message>
        <source>Renamed %1 to %2</source>
        <translation>已将 %1 重命名为 %2</translation>
    </message>
    <message>
        <source>Moved %1 to %2</source>
        <translation>已将 %1 移动到 %2</translation>
    </message>
    <message>
        <source>Still changing %1; try again when that is done.</source>
        <translation>仍在更改 %1；请等它完成后再试。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="883"/>
        <source>Not moved to the trash: %1</source>
        <translation>未能移到回收站：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="981"/>
        <source>Cannot undo: %1</source>
        <translation>无法撤销：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="636"/>
        <source>Your edits were applied to the new file; the lines you both changed are marked in the Raw tab for you to choose. Not saved yet.</source>
        <translation>你的修改已应用到新文件；你们都改动过的行已在“原文”标签页中标出，由你来选择。尚未保存。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="617"/>
        <source>Text you typed that does not parse yet (in the Raw tab or a field) is not in these differences. Keep Mine keeps it, with the other program&apos;s changes to the lines you did not type over taken into the Raw text; where you both changed the same lines, both versions stay between conflict markers for you to choose. Take Theirs drops it.</source>
        <translation>你输入的尚无法解析的文字（在“原文”标签页或某个字段中）不在这些差异里。“保留我的修改”会保留它，并把另一个程序对你没有改写的那些行的改动并入原文；你们都改动过的行，两个版本都会保留在冲突标记之间，由你来选择。“采用新文件”会丢弃它。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/form/controller.py" line="960"/>
        <source>%n file(s) changed.</source>
        <translation>
            <numerusform>已修改 %n 个文件。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) skipped, e.g. %1</source>
        <translation>
            <numerusform>跳过 %n 个文件，例如 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to put back: the files of the bulk edit hold their bytes from before it (it was stopped before its first write, or they were put back since).</source>
        <translation>没有需要恢复的内容：该批量编辑涉及的文件已是编辑前的内容（它在第一次写入前就已停止，或文件已在之后被恢复）。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="1190"/>
        <source>Nothing was put back: the files are not as the bulk edit left them; it is no longer in the undo history.</source>
        <translation>没有恢复任何文件：这些文件已不是批量编辑留下的样子；该操作已不在撤销记录中。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/form/controller.py" line="1008"/>
        <source>%n file(s) restored.</source>
        <translation>
            <numerusform>已恢复 %n 个文件。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/form/controller.py" line="966"/>
        <location filename="../../reader/ui/form/controller.py" line="1011"/>
        <source>%n file(s) skipped.</source>
        <translation>
            <numerusform>跳过 %n 个文件。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="218"/>
        <source>&amp;Edit Front Matter</source>
        <translation>编辑前置元数据(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="230"/>
        <source>Mo&amp;ve to Folder…</source>
        <translation>移动到文件夹(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="164"/>
        <source>&amp;New Article…</source>
        <translation>新建文章(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="146"/>
        <location filename="../../reader/ui/form/controller.py" line="180"/>
        <source>&amp;Redo Edit</source>
        <translation>重做编辑(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="167"/>
        <source>&amp;Save Article</source>
        <translation>保存文章(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="142"/>
        <location filename="../../reader/ui/form/controller.py" line="176"/>
        <source>&amp;Undo Edit</source>
        <translation>撤销编辑(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="1031"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="970"/>
        <source>Cancelled; the files already changed stay changed (Undo Last Bulk Edit restores them).</source>
        <translation>已取消；已修改的文件保持修改（“撤销上次批量编辑”可以恢复它们）。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="829"/>
        <source>Category (Parent / Child):</source>
        <translation>分类（上级 / 下级）：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="535"/>
        <source>Changes to %1</source>
        <translation>%1 的改动</translation>
    </message>
    <message>
        <source>Text you typed that does not parse yet (in the Raw tab or a field) is not in these changes: they show the last text that did. Save saves nothing until it is fixed or undone.</source>
        <translation>你输入的尚无法解析的文字（在“原文”标签页或某个字段中）不在这些改动里：这里显示的是最后一次能够解析的文字。在修正或撤销之前，保存不会写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="956"/>
        <source>Changing files…</source>
        <translation>正在修改文件…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="757"/>
        <source>Created %1</source>
        <translation>已创建 %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="225"/>
        <source>Edit Sour&amp;ce…</source>
        <translation>编辑源文件(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="801"/>
        <source>Folder in the library:</source>
        <translation>资料库中的文件夹：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="851"/>
        <source>Move %1 to the trash?</source>
        <translation>将 %1 移到回收站？</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="849"/>
        <source>Move %1 to the trash? It has unsaved changes; they will be lost.</source>
        <translation>将 %1 移到回收站？它有未保存的修改，这些修改将会丢失。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="242"/>
        <source>Move to &amp;Trash…</source>
        <translation>移到回收站(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="237"/>
        <source>Move to Categor&amp;y…</source>
        <translation>移动到分类(&amp;Y)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="828"/>
        <source>Move to Category</source>
        <translation>移动到分类</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="800"/>
        <source>Move to Folder</source>
        <translation>移动到文件夹</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="853"/>
        <source>Move to Trash</source>
        <translation>移到回收站</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="742"/>
        <source>New Article</source>
        <translation>新建文章</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="769"/>
        <source>New file name:</source>
        <translation>新文件名：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="922"/>
        <source>New name; an existing tag merges:</source>
        <translation>新名称；若标签已存在则合并：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="917"/>
        <source>New path (Parent/Child); an existing category merges:</source>
        <translation>新路径（上级/下级）；若分类已存在则合并：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="256"/>
        <location filename="../../reader/ui/form/controller.py" line="439"/>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="257"/>
        <source>Edits not saved</source>
        <translation>修改未保存</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="934"/>
        <source>Preparing the changes…</source>
        <translation>正在准备改动…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="196"/>
        <source>Re&amp;vert Article</source>
        <translation>还原文章(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="227"/>
        <source>Rena&amp;me File…</source>
        <translation>重命名文件(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="774"/>
        <source>Rename File</source>
        <translation>重命名文件</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="206"/>
        <source>Rename or &amp;Merge Group…</source>
        <translation>重命名或合并分组(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="916"/>
        <source>Rename or Merge Category</source>
        <translation>重命名或合并分类</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="895"/>
        <source>Rename or Merge Category…</source>
        <translation>重命名或合并分类…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="921"/>
        <source>Rename or Merge Tag</source>
        <translation>重命名或合并标签</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="897"/>
        <source>Rename or Merge Tag…</source>
        <translation>重命名或合并标签…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="467"/>
        <location filename="../../reader/ui/form/controller.py" line="703"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="908"/>
        <source>Select a category or a tag first.</source>
        <translation>请先选择一个分类或标签。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="199"/>
        <source>Show &amp;Changes…</source>
        <translation>显示改动(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="989"/>
        <source>There is no bulk edit to undo.</source>
        <translation>没有可以撤销的批量编辑。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="742"/>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="142"/>
        <source>&amp;Undo %1</source>
        <extracomment>The standing warning of a save that failed (a key of the window&apos;s warnings): why stays said until the edits are saved, reverted or discarded (the form is no longer modified).</extracomment>
        <translation>撤销 %1(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="146"/>
        <source>&amp;Redo %1</source>
        <translation>重做 %1(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="212"/>
        <source>Undo Last &amp;Bulk Edit…</source>
        <translation>撤销上次批量编辑(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="277"/>
        <source>The form still holds your unsaved edits to %1</source>
        <translation>表单中仍保留着你对 %1 未保存的修改</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="481"/>
        <source>File Gone</source>
        <translation>文件已不在</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="483"/>
        <source>%1 is no longer on disk: another program deleted or moved it while you edited it here. Save your edited version as %1 again?</source>
        <translation>%1 已不在磁盘上：在你编辑时，另一个程序删除或移走了它。要把你编辑后的版本重新保存为 %1 吗？</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="488"/>
        <source>the file is no longer on disk</source>
        <translation>文件已不在磁盘上</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="523"/>
        <source>Reverted the edits of %1</source>
        <translation>已还原对 %1 的修改</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="873"/>
        <source>Moved %1 to the trash; Edit › Undo Last Bulk Edit (Ctrl+Alt+Z) brings it back</source>
        <translation>已将 %1 移到回收站；“编辑 › 撤销上次批量编辑”（Ctrl+Alt+Z）可以把它找回来</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="876"/>
        <source>Moved %1 to the trash</source>
        <translation>已将 %1 移到回收站</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="988"/>
        <location filename="../../reader/ui/form/controller.py" line="994"/>
        <source>Undo Last Bulk Edit</source>
        <translation>撤销上次批量编辑</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/form/controller.py" line="995"/>
        <source>Undo “%1” (%n file(s))?</source>
        <translation>
            <numerusform>撤销“%1”（%n 个文件）？</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="1016"/>
        <source>Undoing the bulk edit…</source>
        <translation>正在撤销批量编辑…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="609"/>
        <source>Your edits cannot be applied to the new file: %1</source>
        <translation>无法把你的修改应用到新文件上：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="643"/>
        <source>Your edits were applied to the new file; not saved yet.</source>
        <translation>你的修改已应用到新文件上，尚未保存。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/controller.py" line="962"/>
        <source>%1; a new undo journal was started.</source>
        <translation>%1；已新建撤销日志。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Writing %1…</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="88"/>
        <source>Export Articles</source>
        <extracomment>The file name made from the title is cut to this many characters (and UTF-8 bytes): a long search as the title gave a name no disk takes. Characters a file name cannot hold on some disk (Windows, FAT, macOS).</extracomment>
        <translation>导出文章</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/export_dialog.py" line="101"/>
        <source>The %n article(s) listed: %1</source>
        <translation>
            <numerusform>列出的 %n 篇文章：%1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="105"/>
        <source>The selected a&amp;rticle</source>
        <translation>选中的文章(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="114"/>
        <source>EPUB book (.epub)</source>
        <translation>EPUB 电子书 (.epub)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="115"/>
        <source>PDF document (.pdf)</source>
        <translation>PDF 文档 (.pdf)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="116"/>
        <source>HTML folder (index and one page each)</source>
        <translation>HTML 文件夹（目录页加每篇一页）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="118"/>
        <source>By date (month)</source>
        <translation>按日期（月份）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="119"/>
        <source>By category</source>
        <translation>按分类</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="123"/>
        <source>C&amp;hoose…</source>
        <translation>选择(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="136"/>
        <source>&amp;Articles:</source>
        <translation>文章(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="138"/>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="139"/>
        <source>C&amp;ontents:</source>
        <translation>目录(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="140"/>
        <source>&amp;Title:</source>
        <translation>标题(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="141"/>
        <source>Sa&amp;ve to:</source>
        <translation>保存到(&amp;V)：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="145"/>
        <location filename="../../reader/ui/export_dialog.py" line="195"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="189"/>
        <source>Export to Folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="192"/>
        <source>EPUB books (*.epub)</source>
        <translation>EPUB 电子书 (*.epub)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="193"/>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="207"/>
        <source>Replace?</source>
        <translation>替换？</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="208"/>
        <source>%1 already exists. Replace it?</source>
        <translation>%1 已存在。要替换吗？</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="218"/>
        <source>Choose where to save the export.</source>
        <translation>请选择导出的保存位置。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="240"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/export_dialog.py" line="310"/>
        <source>Exported %n article(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 篇文章导出到 %1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/export_dialog.py" line="316"/>
        <source>%n problem(s) found; those articles are in it as the reader shows them.</source>
        <translation>
            <numerusform>导出时发现 %n 个问题；这些文章按阅读器显示的样子导出。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/export_dialog.py" line="314"/>
        <source>%n article(s) could not be read, e.g. %1.</source>
        <translation>
            <numerusform>%n 篇文章无法读取，例如 %1。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="317"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="327"/>
        <source>Cancelled; nothing was written.</source>
        <translation>已取消，未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="227"/>
        <location filename="../../reader/ui/export_dialog.py" line="329"/>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="337"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="201"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="51"/>
        <location filename="../../reader/ui/find_bar.py" line="55"/>
        <source>Find in article</source>
        <extracomment>Matches counted at most (a one-letter search in a long article stops here).</extracomment>
        <translation>在文章中查找</translation>
    </message>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="56"/>
        <source>Text to find</source>
        <translation>要查找的文字</translation>
    </message>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="59"/>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="60"/>
        <source>Find previous</source>
        <translation>查找上一个</translation>
    </message>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="62"/>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="63"/>
        <source>Find next</source>
        <translation>查找下一个</translation>
    </message>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="68"/>
        <source>Close the find bar</source>
        <translation>关闭查找栏</translation>
    </message>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="225"/>
        <source>No article to search</source>
        <translation>没有可搜索的文章</translation>
    </message>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="229"/>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="233"/>
        <source>%1 of %2</source>
        <translation>第 %1 处，共 %2 处</translation>
    </message>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="235"/>
        <source>%1 of %2+</source>
        <translation>第 %1 处，共 %2 处以上</translation>
    </message>
</context>
<context>
    <name>FrontMatterForm</name>
    <message>
        <location filename="../../reader/ui/form/form.py" line="356"/>
        <source>mine (typed here)</source>
        <translation>我的（在此输入的）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="356"/>
        <source>theirs (the file now)</source>
        <translation>新文件（磁盘上现在的）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="641"/>
        <source>Add %1</source>
        <translation>添加 %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="229"/>
        <source>Add Key</source>
        <translation>添加键</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="230"/>
        <source>Add the key</source>
        <translation>添加该键</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="791"/>
        <source>Added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <source>Typed, and not valid yet: not saved until it is corrected</source>
        <translation>已输入，但尚无效：改正之前不会保存</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="791"/>
        <source>Changed</source>
        <translation>已修改</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="238"/>
        <source>Discard the edits</source>
        <translation>放弃修改</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="561"/>
        <location filename="../../reader/ui/form/form.py" line="968"/>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="1051"/>
        <source>Edit the front matter text</source>
        <translation>编辑前置元数据文本</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="190"/>
        <location filename="../../reader/ui/form/form.py" line="221"/>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="134"/>
        <source>Front matter</source>
        <extracomment>A key&apos;s label takes the width of its name (at most twice this many average characters), but gives way down to this many: a long key (``search_engine_description``) is cut in its middle then, its name whole in the tooltip, rather than pushing its field out of a narrow form. Whether there is a step to undo (typed input that does not parse, not a step yet, is one: see :meth:`keep_inputs`) or to redo.</extracomment>
        <translation>前置元数据</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="201"/>
        <source>Front matter text</source>
        <translation>前置元数据文本</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="165"/>
        <source>Front matter views</source>
        <translation>前置元数据视图</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="1071"/>
        <source>Line %1 (line %2 of the file): </source>
        <translation>第 %1 行（文件第 %2 行）：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="1074"/>
        <source>Line %1: </source>
        <translation>第 %1 行：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="228"/>
        <source>Name of a key to add</source>
        <translation>要添加的键名</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="227"/>
        <source>New key</source>
        <translation>新键</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="392"/>
        <source>No article</source>
        <translation>没有文章</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="222"/>
        <source>Raw</source>
        <translation>原文</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="1040"/>
        <source>Raw: </source>
        <translation>原文：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="578"/>
        <source>Remove %1</source>
        <translation>移除 %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="904"/>
        <source>Remove the key %1</source>
        <translation>移除键 %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="237"/>
        <location filename="../../reader/ui/form/form.py" line="671"/>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="235"/>
        <location filename="../../reader/ui/form/form.py" line="324"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="236"/>
        <source>Save the front matter</source>
        <translation>保存前置元数据</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="239"/>
        <source>Show Changes</source>
        <translation>显示改动</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="240"/>
        <source>Show the changes to the file</source>
        <translation>显示文件的改动</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="254"/>
        <source>Remove This Key</source>
        <translation>删除此键</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="900"/>
        <source>Remove the key %1 (%2 in its field)</source>
        <translation>删除键 %1（在其字段中按 %2）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="917"/>
        <source>The front matter does not parse; fix it in the Raw tab.</source>
        <translation>前置元数据无法解析，请在“原文”标签页中修正。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="178"/>
        <source>Fix the Raw text first: it does not parse, and the fields cannot be edited until it does.</source>
        <translation>请先修正“原文”中的文本：它无法解析，修正之前不能编辑字段。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="213"/>
        <source>This front matter holds bytes that are not UTF-8 or a paragraph separator, which this editor cannot keep; it is read-only here.</source>
        <translation>此前置元数据包含非 UTF-8 字节或段落分隔符，本编辑器无法原样保留，因此在这里为只读。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/form.py" line="160"/>
        <source>This file is read-only: its front matter is shown, and cannot be edited here.</source>
        <translation>此文件为只读：这里显示其前置元数据，但不能编辑。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/schema_fields.py" line="50"/>
        <source>Allowed: %1</source>
        <translation>允许的值：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/schema_fields.py" line="69"/>
        <source>Add (required by the schema)</source>
        <translation>添加（模式要求）</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="51"/>
        <source>History of %1</source>
        <translation>%1 的历史</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="54"/>
        <source>Reading the history…</source>
        <translation>正在读取历史…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="59"/>
        <source>Versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="60"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="60"/>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="60"/>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="67"/>
        <source>Compare with</source>
        <translation>比较对象</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="70"/>
        <source>Changes to restore it (against the current text)</source>
        <translation>恢复它会带来的改动（与当前文本比较）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="71"/>
        <source>What this version changed (against the version before)</source>
        <translation>这个版本改了什么（与前一版本比较）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="75"/>
        <source>Front matter</source>
        <translation>前置元数据</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="78"/>
        <source>Front-matter changes</source>
        <translation>前置元数据的改动</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="79"/>
        <source>Body</source>
        <translation>正文</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="82"/>
        <source>Body changes</source>
        <translation>正文的改动</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="88"/>
        <source>Compare:</source>
        <translation>比较：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="102"/>
        <source>&amp;Restore This Version</source>
        <translation>恢复此版本(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="136"/>
        <source>This article has no committed versions yet.</source>
        <translation>这篇文章还没有已提交的版本。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/vcs/history.py" line="138"/>
        <source>%n version(s)</source>
        <translation>
            <numerusform>%n 个版本</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="188"/>
        <source>(no change)</source>
        <translation>（无改动）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="206"/>
        <source>Restore This Version</source>
        <translation>恢复此版本</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="208"/>
        <source>Replace the current text of %1 with the version of %2 (%3)?
Edit › Undo Last Bulk Edit puts the current text back.</source>
        <translation>用 %2 的版本（%3）替换 %1 的当前文本？
“编辑 › 撤销上次批量编辑”可以恢复当前文本。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="226"/>
        <source>Restored %1 to the version of %2</source>
        <translation>已将 %1 恢复为 %2 的版本</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/history.py" line="232"/>
        <source>Not restored</source>
        <translation>未恢复</translation>
    </message>
</context>
<context>
    <name>ListPane</name>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="612"/>
        <source>No articles match “%2” so far: the search index is still being built.</source>
        <translation>目前没有文章匹配“%2”：搜索索引仍在建立。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="216"/>
        <source>All articles</source>
        <extracomment>Search results are fetched this many at a time, the next page as the list scrolls near its end; the count shown is always the true number. The summaries of this many rows at the top of a listing are read on the worker that makes it (more than a screenful, and the rows the columns are fitted to); the others are read as they are shown. Below this width (in average characters) the list shows one column, two lines per row: the title, then date · author · categories. The author and categories columns are as wide as their widest text among this many rows at the top of the list, of which this many are measured.</extracomment>
        <translation>全部文章</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="217"/>
        <source>Search all articles, not only the selected group</source>
        <translation>搜索全部文章，而不只是所选分组</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="218"/>
        <source>Search all articles</source>
        <translation>搜索全部文章</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="509"/>
        <source>Search in %1…</source>
        <translation>在“%1”中搜索…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="510"/>
        <source>Search in %1</source>
        <translation>在“%1”中搜索</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="512"/>
        <source>Search the library (Ctrl+K)</source>
        <translation>搜索资料库 (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="513"/>
        <source>Search the library</source>
        <translation>搜索资料库</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="543"/>
        <source>“%2” cannot be searched for until the query is corrected.</source>
        <translation>“%2”在改正查询之前无法搜索。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="547"/>
        <source>No articles in %1 match “%2”.</source>
        <translation>“%1”中没有与“%2”匹配的文章。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="548"/>
        <source>Try All articles, or fewer words.</source>
        <translation>试试“全部文章”，或减少关键词。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="570"/>
        <source>No article has the category “%1”.</source>
        <translation>没有文章属于分类“%1”。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="570"/>
        <source>No article has the tag “%1”.</source>
        <translation>没有文章带有标签“%1”。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="570"/>
        <source>No article has the author “%1”.</source>
        <translation>没有作者为“%1”的文章。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="570"/>
        <source>No article has a value for the key “%1”.</source>
        <translation>没有文章的键“%1”有值。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="570"/>
        <source> or </source>
        <translation>或</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="570"/>
        <source>Did you mean %1?</source>
        <translation>您是不是要找%1？</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="550"/>
        <source>No articles match “%2”.</source>
        <translation>没有与“%2”匹配的文章。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="550"/>
        <source>Try fewer words.</source>
        <translation>试试减少关键词。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="630"/>
        <source>Check the spelling, or try another word.</source>
        <translation>请检查拼写，或换一个关键词试试。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="553"/>
        <source>No articles here.</source>
        <translation>这里没有文章。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="229"/>
        <source>Articles</source>
        <translation>文章</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../reader/ui/main_window.py" line="835"/>
        <source>%1 so far (the search index is still being built)</source>
        <translation>目前 %1（搜索索引仍在建立）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="894"/>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="646"/>
        <source>Waiting for another program&apos;s index</source>
        <translation>正在等待另一个程序建立索引</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="788"/>
        <source>Choose an article from the list to read it.</source>
        <translation>从列表中选择一篇文章开始阅读。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="789"/>
        <source>No articles here.</source>
        <translation>这里没有文章。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="218"/>
        <source>Article Reader</source>
        <extracomment>While a library opens the panes keep what they show (nothing, at start-up) until its first rows are in, at most this long (a cold index takes longer).</extracomment>
        <translation>文章阅读器</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="243"/>
        <source>Library groups</source>
        <translation>资料库分组</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="299"/>
        <source>Article count</source>
        <translation>文章数</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="301"/>
        <source>Background work</source>
        <translation>后台任务</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="306"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="307"/>
        <source>Cancel background work</source>
        <translation>取消后台任务</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="516"/>
        <source>Open a Library Folder</source>
        <translation>打开资料库文件夹</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="523"/>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/main_window.py" line="597"/>
        <source>%n file(s) or folder(s) could not be read, e.g. %1 (see Problems)</source>
        <translation>
            <numerusform>%n 个文件或文件夹无法读取，例如 %1（见“有问题”）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/main_window.py" line="608"/>
        <source>%n file(s) or folder(s) not read</source>
        <translation>
            <numerusform>%n 个文件或文件夹未能读取</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="313"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="318"/>
        <source>Files or folders not read</source>
        <translation>未能读取的文件或文件夹</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="650"/>
        <source>; </source>
        <comment>between two warnings in the status bar</comment>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="652"/>
        <source> (+%1 more)</source>
        <translation>（另有 %1 项）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="319"/>
        <source>Listed under Problems: click to show them</source>
        <translation>已列在“有问题”下：点击查看</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="633"/>
        <source>Temporary index: not kept</source>
        <translation>临时索引：不会保留</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="634"/>
        <source>The library could not be opened</source>
        <translation>无法打开资料库</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="635"/>
        <location filename="../../reader/ui/main_window.py" line="636"/>
        <source>The index is not up to date</source>
        <translation>索引不是最新的</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="637"/>
        <source>Search is incomplete</source>
        <translation>搜索不完整</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/main_window.py" line="795"/>
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n 个结果</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="798"/>
        <source>%1 in %2</source>
        <translation>%1（在“%2”中）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/main_window.py" line="803"/>
        <source>%n article(s)</source>
        <translation>
            <numerusform>%n 篇文章</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="955"/>
        <source>No web browser could open %1; the address was copied.</source>
        <translation>没有可用的浏览器打开 %1；地址已复制到剪贴板。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="981"/>
        <source>Not found: %1</source>
        <translation>未找到：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/main_window.py" line="1013"/>
        <source>%n image(s) could not be loaded</source>
        <translation>
            <numerusform>%n 张图片无法加载</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="1080"/>
        <source>The new language applies at the next start.</source>
        <translation>新的语言将在下次启动时生效。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="1086"/>
        <source>The window cannot open again in the new language now: the front matter form holds input that does not parse, which would be lost (%1). Correct or undo it, then choose the language again.</source>
        <translation>窗口现在无法以新的语言重新打开：前置元数据表单中有无法解析的输入，重新打开会丢失它（%1）。请改正或撤销它，然后再次选择语言。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="1090"/>
        <source>Language Not Changed</source>
        <translation>未更改语言</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="1168"/>
        <source>About Article Reader</source>
        <translation>关于文章阅读器</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="1170"/>
        <source>Article Reader %1
Read and losslessly edit folders of articles with front matter.</source>
        <translation>文章阅读器 %1
阅读并无损编辑带有前置元数据的文章文件夹。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="1195"/>
        <source>Indexing %p%</source>
        <translation>正在建立索引 %p%</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="1196"/>
        <source>Search index %p%</source>
        <translation>搜索索引 %p%</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="1197"/>
        <source>Offline copies %p%</source>
        <translation>离线副本 %p%</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="1235"/>
        <source>The folder %1 is no longer there (moved, renamed or deleted). Nothing is saved until it is back; to read it where it is now, open that folder.</source>
        <translation>文件夹 %1 已不在原处（被移动、重命名或删除）。在它回来之前不会保存任何内容；要在新位置阅读，请打开那个文件夹。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="1240"/>
        <source>Library folder gone</source>
        <translation>资料库文件夹不见了</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="923"/>
        <source>This article&apos;s file is missing: %1</source>
        <translation>这篇文章的文件不见了：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="924"/>
        <source>It may have been moved, renamed or deleted.</source>
        <translation>它可能已被移动、重命名或删除。</translation>
    </message>
    <message>
        <source>This article cannot be shown:</source>
        <translation>无法显示这篇文章：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="700"/>
        <source>%1 was moved to %2 by another program; it is shown from there</source>
        <translation>%1 已被其他程序移到 %2，现从新位置显示</translation>
    </message>
</context>
<context>
    <name>NavigationModel</name>
    <message>
        <location filename="../../reader/ui/models.py" line="173"/>
        <source>Changed since last commit</source>
        <extracomment>The kind of the Problems group&apos;s children: a file or folder that could not be read (key ``(UNREADABLE, path)``; not indexed, so it lists nothing). navigation: the name alone, without the unread count &quot;(3)&quot; the display text adds (the tree&apos;s delegate cuts the name, never the count) The roles the tree answers (see NavigationModel.data; saved searches answer display, tooltip and accessible text, reader.ui.saved_searches.saved_data).</extracomment>
        <translation>上次提交后有改动</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="174"/>
        <source>Sync conflicts</source>
        <translation>同步冲突</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="314"/>
        <source>Unread</source>
        <translation>未读</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="315"/>
        <source>Starred</source>
        <translation>已加星标</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="181"/>
        <location filename="../../reader/ui/models.py" line="316"/>
        <source>Read later</source>
        <translation>稍后阅读</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="182"/>
        <location filename="../../reader/ui/models.py" line="320"/>
        <source>All articles</source>
        <translation>全部文章</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="321"/>
        <source>Categories</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="322"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="323"/>
        <source>Dates</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="324"/>
        <source>Authors</source>
        <translation>作者</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="183"/>
        <location filename="../../reader/ui/models.py" line="325"/>
        <source>Uncategorized</source>
        <translation>未分类</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="326"/>
        <source>Undated</source>
        <translation>无日期</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="327"/>
        <source>Problems</source>
        <translation>有问题</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="575"/>
        <location filename="../../reader/ui/models.py" line="585"/>
        <source>%1 unread</source>
        <translation>%1 篇未读</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/models.py" line="628"/>
        <source>%n article(s)</source>
        <translation>
            <numerusform>%n 篇文章</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) or folder(s) could not be read</source>
        <translation>
            <numerusform>%n 个文件或文件夹无法读取</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/models.py" line="637"/>
        <source>%n categories</source>
        <translation>
            <numerusform>%n 个分类</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/models.py" line="638"/>
        <source>%n tags</source>
        <translation>
            <numerusform>%n 个标签</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/models.py" line="639"/>
        <source>%n authors</source>
        <translation>
            <numerusform>%n 位作者</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="642"/>
        <source>%1 in %2</source>
        <translation>%2，共 %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="650"/>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="651"/>
        <source>Articles</source>
        <translation>文章</translation>
    </message>
    <message>
        <location filename="../../reader/ui/site_groups.py" line="33"/>
        <source>Drafts</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../reader/ui/site_groups.py" line="37"/>
        <source>Pages</source>
        <translation>页面</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="184"/>
        <location filename="../../reader/ui/site_groups.py" line="40"/>
        <source>Schema warnings</source>
        <translation>模式警告</translation>
    </message>
    <message>
        <location filename="../../reader/ui/site_groups.py" line="74"/>
        <source>%1 (written %2 in the files)</source>
        <translation>%1（文件中写作 %2）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/site_groups.py" line="82"/>
        <source>schema warning: %1</source>
        <translation>模式警告：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="72"/>
        <source>Saved searches</source>
        <extracomment>The saved searches&apos; standing warnings (keys of the session&apos;s warnings): not loaded (until the next open), another device&apos;s changes not read (until a poll succeeds), not counted (until a count succeeds), damaged lines skipped in the logs (until another library opens).</extracomment>
        <translation>已保存的搜索</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="110"/>
        <source>%1: %2 saved</source>
        <translation>%1：已保存 %2 个</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="118"/>
        <source>This query does not run: %1</source>
        <translation>此查询无法运行：%1</translation>
    </message>
</context>
<context>
    <name>OfflineActions</name>
    <message>
        <location filename="../../reader/ui/offline_actions.py" line="51"/>
        <source>Offline copies are being made already; cancel them to start others.</source>
        <translation>正在制作离线副本；请先取消，再开始新的。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/offline_actions.py" line="86"/>
        <source>Offline copies cancelled: %1 downloaded, %2 already available, %3 failed</source>
        <translation>离线副本已取消：已下载 %1 个，已有 %2 个，失败 %3 个</translation>
    </message>
    <message>
        <location filename="../../reader/ui/offline_actions.py" line="88"/>
        <source>Offline: %1 downloaded, %2 already available, %3 failed</source>
        <translation>离线保存：已下载 %1 个，已有 %2 个，失败 %3 个</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/offline_actions.py" line="97"/>
        <source>%1; %n article(s) could not be read, e.g. %2</source>
        <translation>
            <numerusform>%1；%n 篇文章无法读取，例如 %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../reader/ui/preferences.py" line="59"/>
        <location filename="../../reader/ui/preferences.py" line="60"/>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="65"/>
        <location filename="../../reader/ui/preferences.py" line="108"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="66"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="67"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="68"/>
        <source>Sepia</source>
        <translation>护眼棕</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="71"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="72"/>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="75"/>
        <source>Reading font</source>
        <translation>阅读字体</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="76"/>
        <source>Reading &amp;font:</source>
        <translation>阅读字体(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="78"/>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="79"/>
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="80"/>
        <source>Font &amp;size:</source>
        <translation>字号(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="84"/>
        <source>Block and ask</source>
        <translation>阻止并询问</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="85"/>
        <source>Always load</source>
        <translation>始终加载</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="86"/>
        <source>Never load</source>
        <translation>从不加载</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="89"/>
        <source>Remote images</source>
        <translation>远程图片</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="90"/>
        <source>&amp;Remote images:</source>
        <translation>远程图片(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="92"/>
        <source>Sites whose images are always loaded</source>
        <translation>始终加载其图片的网站</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="93"/>
        <source>One site per line</source>
        <translation>每行一个网站</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="95"/>
        <source>Al&amp;ways load images from:</source>
        <translation>始终加载以下网站的图片(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="99"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="100"/>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="101"/>
        <source>Mark read after this many seconds</source>
        <translation>打开多少秒后标为已读</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="102"/>
        <source>Mark read after &amp;open for:</source>
        <translation>打开多久后标为已读(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="103"/>
        <source>Mark read when scrolled to the &amp;end</source>
        <translation>滚动到末尾时标为已读(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="113"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="114"/>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="116"/>
        <source>A new language applies at once: the window opens again in it.</source>
        <translation>新的语言立即生效：窗口会以新语言重新打开。</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../reader/ui/printing.py" line="60"/>
        <source>Print Article</source>
        <translation>打印文章</translation>
    </message>
</context>
<context>
    <name>QueryFeedback</name>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="51"/>
        <source>a quote is not closed</source>
        <translation>引号没有闭合</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="52"/>
        <source>put a space after the closing quote</source>
        <translation>闭合的引号后面要有一个空格</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="55"/>
        <source>an empty phrase</source>
        <translation>短语是空的</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="56"/>
        <source>“-” must be followed by what to leave out</source>
        <translation>“-”后面要紧跟要排除的内容</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="59"/>
        <source>“-” twice: leave out a word or a filter once</source>
        <translation>“-”重复了：一个词或筛选条件只需排除一次</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="62"/>
        <source>a field name is missing before “:”</source>
        <translation>“:”前面缺少字段名</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="65"/>
        <source>a value is missing after “%1:”</source>
        <translation>“%1:”后面缺少值</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="68"/>
        <source>the word holds characters that are not text</source>
        <translation>这个词含有不是文本的字符</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="71"/>
        <source>the phrase holds characters that are not text</source>
        <translation>这个短语含有不是文本的字符</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="74"/>
        <source>the field name holds characters that are not text</source>
        <translation>字段名含有不是文本的字符</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="77"/>
        <source>the value of “%1:” holds characters that are not text</source>
        <translation>“%1:”的值含有不是文本的字符</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="80"/>
        <source>%1: is one of %2, not “%3”</source>
        <translation>%1: 只能是 %2 之一，不能是“%3”</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="81"/>
        <source>year: takes four digits, not “%1”</source>
        <translation>year: 要写四位数字，不能是“%1”</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="82"/>
        <source>date: takes 2021, 2021-04, 2021-04-05, &gt;=2021-01-01 or 2021-01..2021-06, not “%1”</source>
        <translation>date: 要写成 2021、2021-04、2021-04-05、&gt;=2021-01-01 或 2021-01..2021-06，不能是“%1”</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="86"/>
        <source>there is no month %1</source>
        <translation>没有 %1 月</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="87"/>
        <source>there is no day %1</source>
        <translation>没有 %1 日</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="88"/>
        <source>there is no %1: %2 has %3 days</source>
        <translation>没有 %1 这一天：%2 只有 %3 天</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="91"/>
        <source>date: a range needs at least one end</source>
        <translation>date: 范围至少要有一端</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="94"/>
        <source>date: the range %1..%2 ends before it starts</source>
        <translation>date: 范围 %1..%2 的结束早于开始</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="97"/>
        <source>%1: needs a category name</source>
        <translation>%1: 需要一个分类名</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="98"/>
        <source>too many words and filters (%1; at most %2)</source>
        <translation>词和筛选条件太多（%1 个；最多 %2 个）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="101"/>
        <source>OR at the start: put a word or filter before it</source>
        <translation>OR 在开头：请在它前面写一个词或筛选条件</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="104"/>
        <source>OR at the end: put a word or filter after it</source>
        <translation>OR 在末尾：请在它后面写一个词或筛选条件</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="107"/>
        <source>OR twice: put a word or filter between</source>
        <translation>OR 连用了两次：请在中间写一个词或筛选条件</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="110"/>
        <source>is:%1 needs the reading state, which is not available here</source>
        <translation>is:%1 需要阅读状态，而这里用不了阅读状态</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="128"/>
        <source>%1 (at character %2)</source>
        <translation>%1（在第 %2 个字符处）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="260"/>
        <source>Query error at character %1: %2</source>
        <extracomment>A fitted label gives way down to this many average characters.</extracomment>
        <translation>查询在第 %1 个字符处有错误：%2</translation>
    </message>
    <message>
        <location filename="../../reader/ui/query_feedback.py" line="273"/>
        <source>Ignored %1: a word needs a letter or a digit to be searched for.</source>
        <translation>已忽略 %1：词里要有字母或数字才能搜索。</translation>
    </message>
</context>
<context>
    <name>RawInputCommand</name>
    <message>
        <location filename="../../reader/ui/form/commands.py" line="192"/>
        <source>Type text that does not parse</source>
        <extracomment>Typed input that does not parse, by key (the Raw tab&apos;s under ``RAW``).</extracomment>
        <translation>输入无法解析的文本</translation>
    </message>
</context>
<context>
    <name>ReaderView</name>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="357"/>
        <source>Reader</source>
        <translation>阅读区</translation>
    </message>
    <message>
        <source>%1 is empty: it holds no front matter and no text.</source>
        <translation>%1 是空文件：其中没有前置元数据，也没有正文。</translation>
    </message>
    <message>
        <source>The front matter of %1 (line %2) is never closed: it is shown as text, and none of its keys are read. Close it with a line like its first.</source>
        <translation>%1 的前置元数据（第 %2 行）没有结束标记：它被当作正文显示，其中的键都未被读取。请用与第一行相同的一行将其结束。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="543"/>
        <source>%1 is not valid UTF-8 (from line %2): it is shown with each byte that cannot be decoded replaced by �, and it will not be rewritten.</source>
        <translation>%1 不是有效的 UTF-8（自第 %2 行起）：无法解码的字节显示为 �，此文件不会被改写。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="594"/>
        <source>%1 is saved as %3, not UTF-8: it is shown, but it will not be rewritten. Save it as UTF-8 to edit it.</source>
        <translation>%1 以 %3 保存，不是 UTF-8：可以阅读，但不会被改写。请另存为 UTF-8 后再编辑。</translation>
    </message>
</context>
<context>
    <name>ReadingController</name>
    <message>
        <location filename="../../reader/ui/reading.py" line="135"/>
        <source>Next &amp;Unread</source>
        <extracomment>The reading state&apos;s standing warnings (keys of the session&apos;s warnings): marks not saved (until a save succeeds), the state not loaded (until the next open), other devices&apos; changes not read (until a poll succeeds), renamed articles&apos; state not followed (until a refresh&apos;s check succeeds), unread counts not made (until a count succeeds), damaged lines skipped in the logs (until another library opens), and a state kept on this computer only (while it is).</extracomment>
        <translation>下一篇未读(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reading.py" line="138"/>
        <source>Mark as &amp;Read or Unread</source>
        <translation>标为已读或未读(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reading.py" line="145"/>
        <source>&amp;Star or Unstar</source>
        <translation>加星标或取消星标(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reading.py" line="152"/>
        <source>Rea&amp;d Later or Not</source>
        <translation>稍后阅读或取消(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reading.py" line="159"/>
        <source>Mark &amp;All as Read</source>
        <translation>全部标为已读(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reading.py" line="166"/>
        <location filename="../../reader/ui/reading.py" line="571"/>
        <source>Undo Mar&amp;k All as Read</source>
        <translation>撤销全部标为已读(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reading.py" line="177"/>
        <source>Mark All as Read</source>
        <translation>全部标为已读</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reading.py" line="285"/>
        <source>Reading state kept on this computer only</source>
        <translation>阅读状态仅保存在本机</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reading.py" line="228"/>
        <source>Reading state not loaded</source>
        <translation>阅读状态未载入</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reading.py" line="248"/>
        <source>Reading state of renamed articles not followed</source>
        <translation>改名文章的阅读状态未迁移</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reading.py" line="290"/>
        <source>Reading-state lines skipped</source>
        <translation>已跳过部分阅读状态记录</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reading.py" line="325"/>
        <source>Reading state of other devices not read</source>
        <translation>未能读取其他设备的阅读状态</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reading.py" line="373"/>
        <source>Unread counts not up to date</source>
        <translation>未读计数不是最新的</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reading.py" line="421"/>
        <source>Reading state not saved</source>
        <translation>阅读状态未保存</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/reading.py" line="288"/>
        <source>%n reading-state line(s) skipped, e.g. %1</source>
        <translation>
            <numerusform>已跳过 %n 行阅读状态，例如 %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/reading.py" line="424"/>
        <source>The reading state could not be saved: %1</source>
        <translation>无法保存阅读状态：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/reading.py" line="473"/>
        <source>Marked %n article(s) as read</source>
        <translation>
            <numerusform>已将 %n 篇文章标为已读</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/reading.py" line="536"/>
        <source>Undid marking %n article(s) as read</source>
        <translation>
            <numerusform>已撤销：将 %n 篇文章标为已读</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/reading.py" line="572"/>
        <source>Undo Mar&amp;king %n Article(s) as Read</source>
        <translation>
            <numerusform>撤销将 %n 篇文章标为已读(&amp;K)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/reading.py" line="633"/>
        <source>No unread articles here.</source>
        <translation>这里没有未读文章。</translation>
    </message>
</context>
<context>
    <name>RemoteImageBanner</name>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="292"/>
        <source>Remote images blocked</source>
        <translation>已阻止远程图片</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="303"/>
        <location filename="../../reader/ui/reader_view.py" line="345"/>
        <source>Load once</source>
        <translation>加载一次</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="304"/>
        <source>Load remote images once</source>
        <translation>加载一次远程图片</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="306"/>
        <source>Always for this site</source>
        <translation>始终允许此网站</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="307"/>
        <source>Always load images from this site</source>
        <translation>始终加载此网站的图片</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/reader_view.py" line="316"/>
        <source>%n remote image(s) blocked</source>
        <translation>
            <numerusform>已阻止 %n 张远程图片</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="318"/>
        <source>From %1</source>
        <translation>来自 %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="326"/>
        <source>Loading remote images…</source>
        <translation>正在加载远程图片…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/reader_view.py" line="334"/>
        <source>%n image(s) could not be loaded</source>
        <translation>
            <numerusform>%n 张图片无法加载</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="341"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
</context>
<context>
    <name>SavedSearchesController</name>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="197"/>
        <source>S&amp;ave Search…</source>
        <translation>保存搜索(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="200"/>
        <source>Rename Save&amp;d Search…</source>
        <translation>重命名已保存的搜索(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="207"/>
        <source>De&amp;lete Saved Search</source>
        <translation>删除已保存的搜索(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="217"/>
        <source>Save Search…</source>
        <translation>保存搜索…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="221"/>
        <source>Rename Saved Search…</source>
        <translation>重命名已保存的搜索…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="222"/>
        <location filename="../../reader/ui/saved_searches.py" line="524"/>
        <source>Delete Saved Search</source>
        <translation>删除已保存的搜索</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/saved_searches.py" line="268"/>
        <source>%n saved-search line(s) skipped, e.g. %1</source>
        <translation>
            <numerusform>已跳过 %n 行已保存搜索的记录，例如 %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="250"/>
        <source>Saved searches not loaded</source>
        <translation>已保存的搜索未载入</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="270"/>
        <source>Saved-search lines skipped</source>
        <translation>已跳过部分已保存搜索的记录</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="265"/>
        <source>Saved searches kept on this computer only</source>
        <translation>已保存的搜索仅保存在本机</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="297"/>
        <source>Saved searches of other devices not read</source>
        <translation>未能读取其他设备的已保存搜索</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="354"/>
        <source>Saved searches not counted</source>
        <translation>已保存的搜索未能计数</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="419"/>
        <source>The saved search “%1” does not run: %2</source>
        <translation>已保存的搜索“%1”无法运行：%2</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="438"/>
        <source>Open a library first.</source>
        <translation>请先打开资料库。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="443"/>
        <location filename="../../reader/ui/saved_searches.py" line="456"/>
        <location filename="../../reader/ui/saved_searches.py" line="463"/>
        <source>Save Search</source>
        <translation>保存搜索</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="444"/>
        <source>Type a search in the search box first, then save it.</source>
        <translation>请先在搜索框中输入搜索内容，再保存。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="457"/>
        <source>This search cannot be saved: %1</source>
        <translation>无法保存此搜索：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="464"/>
        <source>Name of the saved search:</source>
        <translation>已保存搜索的名称：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="483"/>
        <location filename="../../reader/ui/saved_searches.py" line="490"/>
        <source>Select a saved search in the tree first.</source>
        <translation>请先在左侧树中选择一个已保存的搜索。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="502"/>
        <source>Rename Saved Search</source>
        <translation>重命名已保存的搜索</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="503"/>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="525"/>
        <source>Delete the saved search “%1”? No article is changed.</source>
        <translation>删除已保存的搜索“%1”？不会更改任何文章。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="592"/>
        <source>The saved searches cannot be written: %1</source>
        <translation>无法写入已保存的搜索：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="595"/>
        <source>Saved Searches</source>
        <translation>已保存的搜索</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="596"/>
        <source>This saved search is not there any more: it was deleted meanwhile, in another window or on another device.</source>
        <translation>这个已保存的搜索已经不在了：它在此期间已在另一个窗口或另一台设备上被删除。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="538"/>
        <source>A saved search needs a name.</source>
        <translation>已保存的搜索需要一个名称。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="539"/>
        <source>The name is too long.</source>
        <translation>名称太长。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="540"/>
        <source>The name cannot hold control or invisible characters.</source>
        <translation>名称不能包含控制字符或不可见字符。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="541"/>
        <source>A saved search called “%1” exists already.</source>
        <translation>名为“%1”的已保存搜索已经存在。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="542"/>
        <source>The search is too long to be saved.</source>
        <translation>搜索内容太长，无法保存。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="543"/>
        <source>The name holds characters that are not text.</source>
        <translation>名称包含不是文本的字符。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/saved_searches.py" line="544"/>
        <source>The search holds characters that are not text.</source>
        <translation>搜索内容包含不是文本的字符。</translation>
    </message>
</context>
<context>
    <name>SiteActions</name>
    <message>
        <location filename="../../reader/ui/site_actions.py" line="32"/>
        <source>Publis&amp;h Draft</source>
        <translation>发布草稿(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/site_actions.py" line="39"/>
        <source>Unpu&amp;blish Post</source>
        <translation>撤回为草稿(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/site_actions.py" line="44"/>
        <source>Sc&amp;hema</source>
        <translation>模式(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/site_actions.py" line="47"/>
        <source>&amp;Infer Schema</source>
        <translation>推断模式(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/site_actions.py" line="64"/>
        <source>Site configuration: %1</source>
        <translation>站点配置：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/site_actions.py" line="71"/>
        <source>Open an article first.</source>
        <translation>请先打开一篇文章。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/site_actions.py" line="74"/>
        <source>This library is not a Hexo, Jekyll or Hugo site.</source>
        <translation>此文库不是 Hexo、Jekyll 或 Hugo 站点。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/site_actions.py" line="82"/>
        <source>Published %1 (Edit › Undo Last Bulk Edit undoes it)</source>
        <translation>已发布 %1（可用 编辑 › 撤销上次批量编辑 撤销）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/site_actions.py" line="84"/>
        <source>Unpublished %1 (Edit › Undo Last Bulk Edit undoes it)</source>
        <translation>已将 %1 撤回为草稿（可用 编辑 › 撤销上次批量编辑 撤销）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/site_actions.py" line="112"/>
        <source>Schema not saved: %1</source>
        <translation>模式未保存：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/site_actions.py" line="106"/>
        <source>Wrote %1: %n key(s) added.</source>
        <translation>
            <numerusform>已写入 %1：新增 %n 个键。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SourceEditor</name>
    <message>
        <location filename="../../reader/ui/form/source_editor.py" line="48"/>
        <source>Article source</source>
        <translation>文章源文件</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/source_editor.py" line="113"/>
        <source>Line %1: </source>
        <translation>第 %1 行：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/source_editor.py" line="147"/>
        <source>Not Saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/source_editor.py" line="149"/>
        <source>%1

The text cannot be saved until it reads correctly. Correct it, or close and choose Discard to leave the file as it is.</source>
        <translation>%1

这段文字要能正确读取才能保存。请改正它，或者关闭并选择“放弃”，让文件保持原样。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/source_editor.py" line="38"/>
        <source>Source of %1</source>
        <translation>%1 的源文件</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/source_editor.py" line="117"/>
        <source>The front matter reads correctly.</source>
        <translation>前置元数据可以正确读取。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/source_editor.py" line="78"/>
        <source>This file is not valid UTF-8; editing it here would change bytes, so it is read-only.</source>
        <translation>此文件不是有效的 UTF-8，在这里编辑会改变其字节，因此为只读。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/source_editor.py" line="87"/>
        <source>This file holds a paragraph separator (U+2029), which this editor would turn into a line break, so it is read-only.</source>
        <translation>此文件包含段落分隔符（U+2029），本编辑器会把它变成换行，因此为只读。</translation>
    </message>
</context>
<context>
    <name>TagsEditor</name>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="898"/>
        <source>%1: add a tag</source>
        <translation>%1：添加标签</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="899"/>
        <source>Add a tag and press Enter</source>
        <translation>输入标签后按回车添加</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="902"/>
        <source>Several tags: separate them with commas. A tag with a comma in it: put it in double quotes (&quot;R, D&quot;).</source>
        <translation>多个标签用逗号分隔。标签本身含逗号时，请用双引号括起来（&quot;R, D&quot;）。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="929"/>
        <location filename="../../reader/ui/form/editors.py" line="930"/>
        <source>Remove tag %1</source>
        <translation>移除标签 %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="1013"/>
        <source>A quote is not closed: close it, or leave it out.</source>
        <translation>有一个引号没有闭合：请补上，或删掉它。</translation>
    </message>
</context>
<context>
    <name>UrlEditor</name>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="302"/>
        <source>Image preview</source>
        <extracomment>The longest run of characters without a space an error line shows: a longer one (32,000 characters typed into a date) cannot be wrapped and would be cut off at the field&apos;s edge; it is shortened with an ellipsis. A value not typed (a day picked) is about to replace the typed input that does not parse: the form keeps that input as a step first, so that undo gives it back. The value the editor last showed or reported: what the edit holds for the key as far as this editor knows. QLineEdit&apos;s own limit is 32,767 characters: a longer title shown in one was cut there without a word, and saved cut when the field was edited.</extracomment>
        <translation>图片预览</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="329"/>
        <source>No offline copy</source>
        <translation>没有离线副本</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="360"/>
        <source>Image too large to show</source>
        <translation>图片过大，未显示</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="360"/>
        <source>Image too complex to show</source>
        <translation>图片过于复杂，未显示</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="360"/>
        <source>Image that loads other files not shown</source>
        <translation>图片会加载其他文件，未显示</translation>
    </message>
</context>
<context>
    <name>VcsActions</name>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="66"/>
        <source>&amp;Git</source>
        <extracomment>What the app edited on this device (the reading-state store&apos;s ``edited_paths()``); the commit dialog pre-ticks those.</extracomment>
        <translation>&amp;Git</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="75"/>
        <source>Article &amp;History…</source>
        <translation>文章历史(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="78"/>
        <source>&amp;Commit…</source>
        <translation>提交(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="298"/>
        <source>Committing…</source>
        <translation>正在提交…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="288"/>
        <source>(on no branch: HEAD is detached)</source>
        <translation>（不在任何分支上：HEAD 处于分离状态）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="82"/>
        <source>&amp;Pull</source>
        <translation>拉取(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="85"/>
        <source>P&amp;ush</source>
        <translation>推送(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="90"/>
        <source>&amp;Resolve Conflict…</source>
        <translation>解决冲突(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="178"/>
        <source>The library is not in a git work tree.</source>
        <translation>文库不在 git 工作区中。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="181"/>
        <location filename="../../reader/ui/vcs/actions.py" line="322"/>
        <source>Git</source>
        <translation>Git</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="182"/>
        <source>Git cannot be used for this library: %1</source>
        <translation>此文库无法使用 Git：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="220"/>
        <source>Commit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="221"/>
        <source>No article changed since the last commit.</source>
        <translation>上次提交后没有文章改动。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/vcs/actions.py" line="286"/>
        <source>Committed %n article(s) as %1</source>
        <translation>
            <numerusform>已提交 %n 篇文章，提交号 %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="296"/>
        <source>Commit failed</source>
        <translation>提交失败</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="319"/>
        <source>Pulling…</source>
        <translation>正在拉取…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="319"/>
        <source>Pushing…</source>
        <translation>正在推送…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="320"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="355"/>
        <source>Pull finished</source>
        <translation>拉取完成</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="355"/>
        <source>Push finished</source>
        <translation>推送完成</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="362"/>
        <source>Pull failed</source>
        <translation>拉取失败</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="362"/>
        <source>Push failed</source>
        <translation>推送失败</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="376"/>
        <location filename="../../reader/ui/vcs/actions.py" line="385"/>
        <source>Resolve Conflict</source>
        <translation>解决冲突</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="376"/>
        <source>No conflict is pending.</source>
        <translation>没有待解决的冲突。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="386"/>
        <source>Article with a pending conflict:</source>
        <translation>有待解决冲突的文章：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/vcs/actions.py" line="416"/>
        <source>Cannot resolve</source>
        <translation>无法解决</translation>
    </message>
    <message>
        <source>it is not in a git work tree</source>
        <translation>它不在 git 工作区中</translation>
    </message>
    <message>
        <source>it is not in a git work tree (a bare repository?)</source>
        <translation>它不在 git 工作区中（是裸仓库？）</translation>
    </message>
    <message>
        <source>git is not installed (no “git” on the PATH)</source>
        <translation>未安装 git（PATH 中没有“git”）</translation>
    </message>
    <message>
        <source>its folder is not there</source>
        <translation>它的文件夹不存在</translation>
    </message>
</context>
<context>
    <name>WebImport</name>
    <message>
        <location filename="../../reader/ui/web_import.py" line="56"/>
        <source>Import Web Pages</source>
        <extracomment>``ask(page_title, existing_path, why)`` → &quot;skip&quot;, &quot;keep-both&quot;, &quot;replace&quot; or &quot;&quot; to stop; the window&apos;s default asks with a message box.</extracomment>
        <translation>导入网页</translation>
    </message>
    <message>
        <location filename="../../reader/ui/web_import.py" line="58"/>
        <source>Saved web pages (*.html *.htm *.xhtml)</source>
        <translation>保存的网页 (*.html *.htm *.xhtml)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/web_import.py" line="67"/>
        <source>Open a library first, then drop the pages on it.</source>
        <translation>请先打开资料库，再把网页拖到窗口上。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/web_import.py" line="74"/>
        <source>a single-file page (MHTML) cannot be imported; save the page as HTML</source>
        <translation>无法导入单文件网页（MHTML）；请将网页另存为 HTML</translation>
    </message>
    <message>
        <location filename="../../reader/ui/web_import.py" line="105"/>
        <source>Import cancelled.</source>
        <translation>已取消导入。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/web_import.py" line="129"/>
        <source>Imported %n page(s).</source>
        <translation>
            <numerusform>已导入 %n 个网页。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/web_import.py" line="132"/>
        <source>%n duplicate(s) skipped.</source>
        <translation>
            <numerusform>跳过了 %n 个重复的网页。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/web_import.py" line="134"/>
        <source>%n page(s) could not be imported:</source>
        <translation>
            <numerusform>%n 个网页无法导入：</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/web_import.py" line="146"/>
        <source>Import failed: %1</source>
        <translation>导入失败：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/web_import.py" line="152"/>
        <source>Already in the Library</source>
        <translation>资料库中已有</translation>
    </message>
    <message>
        <location filename="../../reader/ui/web_import.py" line="154"/>
        <source>It has the same address as %1.</source>
        <translation>它与 %1 的网址相同。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/web_import.py" line="156"/>
        <source>It has the same text as %1.</source>
        <translation>它与 %1 的正文相同。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/web_import.py" line="158"/>
        <source>“%1” is already in the library.</source>
        <translation>“%1”已在资料库中。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/web_import.py" line="160"/>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../reader/ui/web_import.py" line="161"/>
        <source>Keep Both</source>
        <translation>两者都保留</translation>
    </message>
    <message>
        <location filename="../../reader/ui/web_import.py" line="162"/>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <location filename="../../reader/ui/web_import.py" line="164"/>
        <source>Do the same for the other duplicates</source>
        <translation>其余重复项也这样处理</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../reader/ui/actions.py" line="86"/>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="89"/>
        <source>&amp;Import Web Pages…</source>
        <translation>导入网页(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="94"/>
        <source>&amp;Print Article…</source>
        <translation>打印文章(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="70"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="72"/>
        <source>&amp;Open Folder…</source>
        <translation>打开文件夹(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="74"/>
        <source>Open Re&amp;cent</source>
        <translation>最近打开(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="76"/>
        <source>&amp;Reload Library</source>
        <translation>重新加载资料库(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="79"/>
        <source>Make Library Available O&amp;ffline</source>
        <translation>离线保存整个资料库(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="96"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="99"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="101"/>
        <source>&amp;Find in Article…</source>
        <translation>在文章中查找(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="105"/>
        <source>Find &amp;Next</source>
        <translation>查找下一个(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="112"/>
        <source>Find &amp;Previous</source>
        <translation>查找上一个(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="117"/>
        <source>&amp;Search Library…</source>
        <translation>搜索资料库(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="120"/>
        <source>Pr&amp;eferences…</source>
        <translation>首选项(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="123"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="125"/>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="127"/>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="128"/>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="129"/>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="133"/>
        <source>Follow the &amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="134"/>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="135"/>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="136"/>
        <source>S&amp;epia</source>
        <translation>护眼棕(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="145"/>
        <source>Go to &amp;Groups</source>
        <translation>转到分组(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="146"/>
        <source>Go to Arti&amp;cles</source>
        <translation>转到文章列表(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="147"/>
        <source>Go to &amp;Reader</source>
        <translation>转到阅读区(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="149"/>
        <source>&amp;Article</source>
        <translation>文章(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="153"/>
        <source>&amp;Next Article</source>
        <translation>下一篇(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="160"/>
        <source>&amp;Previous Article</source>
        <translation>上一篇(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="166"/>
        <source>&amp;Open Article</source>
        <translation>打开文章(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="174"/>
        <source>&amp;Load Remote Images Once</source>
        <translation>加载一次远程图片(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="181"/>
        <source>Al&amp;ways Load Images from This Site</source>
        <translation>始终加载此网站的图片(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="188"/>
        <source>Make Article Available O&amp;ffline</source>
        <translation>离线保存本文(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="195"/>
        <source>Make &amp;Group Available Offline</source>
        <translation>离线保存本组(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="208"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="209"/>
        <source>&amp;About Article Reader</source>
        <translation>关于文章阅读器(&amp;A)</translation>
    </message>
</context>
<context>
    <name>YamlEditor</name>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="1000"/>
        <location filename="../../reader/ui/form/editors.py" line="1006"/>
        <source>line %1: </source>
        <translation>第 %1 行：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="1009"/>
        <source>a list item with nothing after “-”: type its value, or null for an empty item</source>
        <translation>列表项的“-”后面什么都没有：请输入它的值，空项请输入 null</translation>
    </message>
    <message>
        <location filename="../../reader/ui/form/editors.py" line="1012"/>
        <source>“%1:” has no value: type its value, or null for none</source>
        <translation>“%1:”没有值：请输入它的值，没有值请输入 null</translation>
    </message>
</context>
<context>
    <name>ProblemText</name>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>“%1” holds a control character or a direction mark</source>
        <translation>“%1”含有控制字符或文字方向标记</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>“%1” cannot be a file&apos;s name on Windows</source>
        <translation>“%1”在 Windows 上不能作为文件名</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>“%1” is not a file name</source>
        <translation>“%1”不是文件名</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>“%1” would hide the article (names starting with “.”)</source>
        <translation>“%1”会把文章藏起来（以“.”开头的名称）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>“%1” is not valid UTF-8 as a file name</source>
        <translation>“%1”作为文件名不是有效的 UTF-8</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>“%1” is too long for a file name</source>
        <translation>“%1”作为文件名太长</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>a file with that name exists already</source>
        <translation>已有同名文件</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>the library&apos;s folder is gone (moved or deleted); nothing was written</source>
        <translation>资料库的文件夹不在了（已移动或删除）；什么也没有写入</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>%1 is a line break in YAML 1.1 (Jekyll, Hugo) and a character in YAML 1.2 (Hexo); to keep it for both, write it as %2 inside double quotes</source>
        <translation>%1 在 YAML 1.1（Jekyll、Hugo）中是换行符，在 YAML 1.2（Hexo）中是一个字符；要让两者都保留它，请在双引号内写成 %2</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>%1 in “%2” is beyond TOML&apos;s 64-bit integers (Hugo cannot read it); quote it to keep it as text</source>
        <translation>“%2”中的 %1 超出了 TOML 的 64 位整数范围（Hugo 无法读取）；请加引号以保留为文本</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>“%1” holds the escape %2, half of a surrogate pair and not a character; shown as U+FFFD</source>
        <translation>“%1”含有转义 %2，它是代理对的一半而不是字符；显示为 U+FFFD</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>the file is not valid UTF-8; it is shown but will not be rewritten</source>
        <translation>文件不是有效的 UTF-8；可以显示，但不会被改写</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>the file looks like %1 text, not UTF-8; it is shown but will not be rewritten</source>
        <translation>文件看起来是 %1 文本，而不是 UTF-8；可以显示，但不会被改写</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>empty file</source>
        <translation>空文件</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>an opening front-matter delimiter is never closed; read as body</source>
        <translation>前置元数据的起始分隔符没有闭合；按正文读取</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>control character %1 in the body</source>
        <translation>正文中有控制字符 %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>control character %1 in “%2”</source>
        <translation>“%2”中有控制字符 %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>cannot read date %1</source>
        <translation>无法读取日期 %1</translation>
    </message>
    <message>
        <source>date %1: %2 does not match %3, a %4; some tools read no date from it</source>
        <translation>日期 %1：星期 %2 与 %3（星期 %4）不符；有些工具会读不出这个日期</translation>
    </message>
    <message>
        <source>updated date %1: %2 does not match %3, a %4; some tools read no date from it</source>
        <translation>更新日期 %1：星期 %2 与 %3（星期 %4）不符；有些工具会读不出这个日期</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>cannot read updated date %1</source>
        <translation>无法读取更新日期 %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>both “%1” and “%2” are set; “%3” is ignored</source>
        <translation>“%1”和“%2”都已设置；忽略“%3”</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>duplicate key “%1” (first defined on line %2)</source>
        <translation>重复的键“%1”（首次定义在第 %2 行）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>duplicate key “%1”: the same key as “%2” on line %3</source>
        <translation>重复的键“%1”：与第 %3 行的“%2”是同一个键</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>the keys “%1” (line %2) and “%3” cannot be told apart here (a true or false key equals 1 or 0); rename one</source>
        <translation>键“%1”（第 %2 行）和“%3”在这里无法区分（true 或 false 键等于 1 或 0）；请重命名其中一个</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>invalid YAML value: %1</source>
        <translation>YAML 值无效：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>invalid YAML: %1</source>
        <translation>YAML 无效：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>invalid TOML: %1</source>
        <translation>TOML 无效：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>invalid JSON: %1</source>
        <translation>JSON 无效：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>front matter nests deeper than %1 levels; not read</source>
        <translation>前置元数据嵌套超过 %1 层；未读取</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>front matter is not valid UTF-8</source>
        <translation>前置元数据不是有效的 UTF-8</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>front matter must be a mapping of keys to values, not %1</source>
        <translation>前置元数据必须是键到值的映射，而不是 %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>the front matter is %1, over the %2 limit; not read</source>
        <translation>前置元数据大小为 %1，超过 %2 的上限；未读取</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>a number of more than 4,300 digits; not read</source>
        <translation>数字超过 4,300 位；未读取</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>a category path of %1 levels is over the limit of %2; categories not read</source>
        <translation>分类路径有 %1 层，超过 %2 层的上限；未读取分类</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>the alias *%1 is used inside its own anchor &amp;%2 (a recursive alias); not read</source>
        <translation>别名 *%1 用在了它自己的锚点 &amp;%2 之内（递归别名）；未读取</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>YAML aliases expand to more than %1 values or %2 of text; not read</source>
        <translation>YAML 别名展开后超过 %1 个值或 %2 文本；未读取</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>“%1” is a boolean in YAML 1.1 but a string in YAML 1.2; quote it or write true/false</source>
        <translation>“%1”在 YAML 1.1 中是布尔值，在 YAML 1.2 中是字符串；请加引号，或写成 true/false</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>“%1” is an octal number in YAML 1.1 but decimal in YAML 1.2; quote it</source>
        <translation>“%1”在 YAML 1.1 中是八进制数，在 YAML 1.2 中是十进制数；请加引号</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>“%1” is a base-60 number in YAML 1.1 but a string in YAML 1.2; quote it</source>
        <translation>“%1”在 YAML 1.1 中是六十进制数，在 YAML 1.2 中是字符串；请加引号</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>“%1” is a string in YAML 1.1 but a number in YAML 1.2; quote it</source>
        <translation>“%1”在 YAML 1.1 中是字符串，在 YAML 1.2 中是数字；请加引号</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>unresolved merge conflict (lines %1–%2): resolve it before editing</source>
        <translation>未解决的合并冲突（第 %1–%2 行）：请先解决再编辑</translation>
    </message>
    <message>
        <source>unresolved merge conflict (lines %1–%2): resolve it before committing</source>
        <translation>未解决的合并冲突（第 %1–%2 行）：请先解决再提交</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="1"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>its folder is gone too; nothing was written</source>
        <translation>它所在的文件夹也已不在；未写入任何内容</translation>
    </message>
    <message>
        <source>another program has been writing this file for too long; not saved</source>
        <translation>另一个程序写入此文件的时间过长；未保存</translation>
    </message>
    <message>
        <source>another program has held this state file for too long; not saved</source>
        <translation>另一个程序占用此状态文件的时间过长；未保存</translation>
    </message>
    <message>
        <source>not a saved page (not a regular file)</source>
        <translation>不是保存下来的网页（不是普通文件）</translation>
    </message>
    <message>
        <source>not a saved page (no HTML in it)</source>
        <translation>不是保存下来的网页（其中没有 HTML）</translation>
    </message>
    <message>
        <source>the page is larger than %1 MB</source>
        <translation>网页大于 %1 MB</translation>
    </message>
    <message>
        <source>the page holds no text to import</source>
        <translation>网页中没有可导入的文字</translation>
    </message>
    <message>
        <source>a single-file page (MHTML) cannot be imported; save the page as HTML</source>
        <translation>单文件网页（MHTML）无法导入；请把网页另存为 HTML</translation>
    </message>
    <message>
        <source>is inside the library; only pages from outside it are imported</source>
        <translation>在资料库之内；只导入资料库之外的网页</translation>
    </message>
    <message>
        <source>the folder of the article&apos;s name holds articles; the page&apos;s images would go among them (publish leaves such a folder behind); not replaced (keep both instead)</source>
        <translation>与文章同名的文件夹中有文章；网页的图片会混入其中（发布时这样的文件夹会被留下）；未替换（可改为保留两者）</translation>
    </message>
    <message>
        <source>cannot read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <source>is %1 text, not UTF-8; it is shown but not rewritten (save it as UTF-8 to edit it here); not saved</source>
        <translation>是 %1 文本，不是 UTF-8；只显示，不会改写（另存为 UTF-8 后才能在此编辑）；未保存</translation>
    </message>
    <message>
        <source>rename tag %1 → %2</source>
        <translation>重命名标签 %1 → %2</translation>
    </message>
    <message>
        <source>rename category %1 → %2</source>
        <translation>重命名分类 %1 → %2</translation>
    </message>
    <message>
        <source>publish %1 → %2</source>
        <translation>发布 %1 → %2</translation>
    </message>
    <message>
        <source>publish %1</source>
        <translation>发布 %1</translation>
    </message>
    <message>
        <source>unpublish %1 → %2</source>
        <translation>撤回发布 %1 → %2</translation>
    </message>
    <message>
        <source>unpublish %1</source>
        <translation>撤回发布 %1</translation>
    </message>
    <message>
        <source>fix: add %1</source>
        <translation>修正：添加 %1</translation>
    </message>
    <message>
        <source>fix: categories as lists</source>
        <translation>修正：分类改为列表</translation>
    </message>
    <message>
        <source>fix: dates spelled as the schema says</source>
        <translation>修正：日期按模式书写</translation>
    </message>
    <message>
        <source>move %1 to the trash</source>
        <translation>将 %1 移到回收站</translation>
    </message>
    <message>
        <source>rename file %1 → %2</source>
        <translation>重命名文件 %1 → %2</translation>
    </message>
    <message>
        <source>move file %1 → %2</source>
        <translation>移动文件 %1 → %2</translation>
    </message>
    <message>
        <source>restore %1 to %2</source>
        <translation>将 %1 恢复为 %2</translation>
    </message>
    <message>
        <source>resolve conflict in %1</source>
        <translation>解决 %1 中的冲突</translation>
    </message>
    <message>
        <source>import %1 over %2</source>
        <translation>导入 %1 覆盖 %2</translation>
    </message>
    <message>
        <location filename="../../reader/ui/problem_text.py" line="212"/>
        <source>The library does not list articles in this folder (a hidden one, one a site makes, or outside its content); the article would be gone from it</source>
        <translation>资料库不会列出此文件夹中的文章（隐藏文件夹、网站生成的文件夹，或在网站内容之外）；文章会从资料库中消失</translation>
    </message>
</context>
<context>
    <name>LibrarySession</name>
    <message>
        <location filename="../../reader/ui/session.py" line="370"/>
        <source>The last edit (%1) was cut short before it ended; what it changed stays as it is. Edit › Undo Last Bulk Edit takes it back.</source>
        <translation>上次编辑（%1）在完成之前被中断；它已做的改动保持原样。“编辑 › 撤销上次批量编辑”可以撤销它。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/session.py" line="374"/>
        <source>Last edit cut short</source>
        <translation>上次编辑被中断</translation>
    </message>
    <message>
        <location filename="../../reader/ui/session.py" line="354"/>
        <source>Another program is building this library&apos;s index; the list fills when it ends.</source>
        <translation>另一个程序正在为这个文库建立索引；它完成后列表就会填满。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/session.py" line="228"/>
        <source>A mistake in Article Reader (%1: %2); please report it</source>
        <translation>Article Reader 自身出错（%1：%2）；请报告此问题</translation>
    </message>
</context>
<context>
    <!-- Qt's own file dialog: strings its qtbase_zh_CN catalogue lacks -->
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>%1 File</source>
        <translation>%1 文件</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation>驱动器</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷方式</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>替身</translation>
    </message>
</context>
</TS>
