<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>Article Reader</source>
        <translation>文章阅读器</translation>
    </message>
</context>
<context>
    <name>ArticleBrowser</name>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="44" />
        <source>Article</source>
        <translation>文章</translation>
    </message>
</context>
<context>
    <name>ArticleListModel</name>
    <message>
        <location filename="../../reader/ui/models.py" line="372" />
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="382" />
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="383" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="384" />
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="385" />
        <source>Categories</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="386" />
        <source>Match</source>
        <translation>匹配</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="18" />
        <location filename="../../reader/ui/find_bar.py" line="22" />
        <source>Find in article</source>
        <translation>在文章中查找</translation>
    </message>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="23" />
        <source>Text to find</source>
        <translation>要查找的文字</translation>
    </message>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="26" />
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="27" />
        <source>Find previous</source>
        <translation>查找上一个</translation>
    </message>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="29" />
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="30" />
        <source>Find next</source>
        <translation>查找下一个</translation>
    </message>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="34" />
        <source>Close the find bar</source>
        <translation>关闭查找栏</translation>
    </message>
    <message>
        <location filename="../../reader/ui/find_bar.py" line="100" />
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Choose an article from the list to read it.</source>
        <translation>从列表中选择一篇文章开始阅读。</translation>
    </message>
    <message>
        <source>No articles here.</source>
        <translation>这里没有文章。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="103" />
        <source>Article Reader</source>
        <translation>文章阅读器</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="120" />
        <source>Library groups</source>
        <translation>资料库分组</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="168" />
        <source>Article count</source>
        <translation>文章数</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="170" />
        <source>Background work</source>
        <translation>后台任务</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="175" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="176" />
        <source>Cancel background work</source>
        <translation>取消后台任务</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="321" />
        <source>%1 — Article Reader</source>
        <translation>%1 — 文章阅读器</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="327" />
        <source>Open a Library Folder</source>
        <translation>打开资料库文件夹</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="343" />
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/main_window.py" line="365" />
        <source>%n file(s) could not be read, e.g. %1</source>
        <translation><numerusform>%n 个文件无法读取，例如 %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/main_window.py" line="438" />
        <source>%n result(s)</source>
        <translation><numerusform>%n 个结果</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/main_window.py" line="440" />
        <source>%n article(s)</source>
        <translation><numerusform>%n 篇文章</numerusform></translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="543" />
        <source>Not found: %1</source>
        <translation>未找到：%1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="585" />
        <source>About Article Reader</source>
        <translation>关于文章阅读器</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="586" />
        <source>Article Reader %1
Read and losslessly edit folders of articles with front matter.</source>
        <translation>文章阅读器 %1
阅读并无损编辑带有前置元数据的文章文件夹。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="642" />
        <source>Indexing %p%</source>
        <translation>正在建立索引 %p%</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="642" />
        <source>Search index %p%</source>
        <translation>搜索索引 %p%</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="643" />
        <source>Offline copies %p%</source>
        <translation>离线副本 %p%</translation>
    </message>
</context>
<context>
    <name>OfflineActions</name>
    <message>
        <location filename="../../reader/ui/offline_actions.py" line="62" />
        <source>Offline: %1 downloaded, %2 already available, %3 failed</source>
        <translation>离线保存：已下载 %1 个，已有 %2 个，失败 %3 个</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Import Web Pages…</source>
        <translation>导入网页(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Print Article…</source>
        <translation>打印文章(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="63" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="65" />
        <source>&amp;Open Folder…</source>
        <translation>打开文件夹(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="67" />
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="69" />
        <source>&amp;Reload Library</source>
        <translation>重新加载资料库(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="72" />
        <source>Make Library Available &amp;Offline</source>
        <translation>离线保存整个资料库(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="78" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="81" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="82" />
        <source>&amp;Find in Article…</source>
        <translation>在文章中查找(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="83" />
        <source>Find &amp;Next</source>
        <translation>查找下一个(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="86" />
        <source>Find &amp;Previous</source>
        <translation>查找上一个(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="91" />
        <source>&amp;Search Library…</source>
        <translation>搜索资料库(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="94" />
        <source>Pre&amp;ferences…</source>
        <translation>首选项(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="97" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="99" />
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="101" />
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="102" />
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="103" />
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="107" />
        <source>Follow the &amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="108" />
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="109" />
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="110" />
        <source>S&amp;epia</source>
        <translation>护眼棕(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="119" />
        <source>Go to &amp;Groups</source>
        <translation>转到分组(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="120" />
        <source>Go to &amp;Articles</source>
        <translation>转到文章列表(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="121" />
        <source>Go to &amp;Reader</source>
        <translation>转到阅读区(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="123" />
        <source>&amp;Article</source>
        <translation>文章(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="126" />
        <source>&amp;Next Article</source>
        <translation>下一篇(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="133" />
        <source>&amp;Previous Article</source>
        <translation>上一篇(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="138" />
        <source>&amp;Open Article</source>
        <translation>打开文章(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="146" />
        <source>&amp;Load Remote Images Once</source>
        <translation>加载一次远程图片(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="153" />
        <source>Always Load Images from This &amp;Site</source>
        <translation>始终加载此网站的图片(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="160" />
        <source>Make Article Available O&amp;ffline</source>
        <translation>离线保存本文(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="167" />
        <source>Make &amp;Group Available Offline</source>
        <translation>离线保存本组(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="175" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/actions.py" line="176" />
        <source>&amp;About Article Reader</source>
        <translation>关于文章阅读器(&amp;A)</translation>
    </message>
</context>
<context>
    <name>ListPane</name>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="106" />
        <source>Search the library (Ctrl+K)</source>
        <translation>搜索资料库 (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="107" />
        <source>Search the library</source>
        <translation>搜索资料库</translation>
    </message>
    <message>
        <location filename="../../reader/ui/list_pane.py" line="111" />
        <source>Articles</source>
        <translation>文章</translation>
    </message>
</context>
<context>
    <name>NavigationModel</name>
    <message>
        <location filename="../../reader/ui/models.py" line="137" />
        <source>All articles</source>
        <translation>全部文章</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="138" />
        <source>Categories</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="139" />
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="140" />
        <source>Dates</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="141" />
        <source>Authors</source>
        <translation>作者</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="142" />
        <source>Uncategorized</source>
        <translation>未分类</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="143" />
        <source>Undated</source>
        <translation>无日期</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="144" />
        <source>Problems</source>
        <translation>有问题</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="256" />
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="257" />
        <source>Articles</source>
        <translation>文章</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../reader/ui/preferences.py" line="26" />
        <location filename="../../reader/ui/preferences.py" line="27" />
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="31" />
        <location filename="../../reader/ui/preferences.py" line="59" />
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="31" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="32" />
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="32" />
        <source>Sepia</source>
        <translation>护眼棕</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="34" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="35" />
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="38" />
        <source>Reading font</source>
        <translation>阅读字体</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="39" />
        <source>Reading &amp;font:</source>
        <translation>阅读字体(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="42" />
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="43" />
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="44" />
        <source>Font &amp;size:</source>
        <translation>字号(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="47" />
        <source>Block and ask</source>
        <translation>阻止并询问</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="47" />
        <source>Always load</source>
        <translation>始终加载</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="48" />
        <source>Never load</source>
        <translation>从不加载</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="50" />
        <source>Remote images</source>
        <translation>远程图片</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="51" />
        <source>&amp;Remote images:</source>
        <translation>远程图片(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="53" />
        <source>Sites whose images are always loaded</source>
        <translation>始终加载其图片的网站</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="54" />
        <source>One site per line</source>
        <translation>每行一个网站</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="56" />
        <source>Always load images &amp;from:</source>
        <translation>始终加载以下网站的图片(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="62" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="63" />
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/preferences.py" line="64" />
        <source>A new language applies after a restart.</source>
        <translation>更改语言后需重新启动才能生效。</translation>
    </message>
</context>
<context>
    <name>ReaderView</name>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="156" />
        <source>Reader</source>
        <translation>阅读区</translation>
    </message>
</context>
<context>
    <name>RemoteImageBanner</name>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="124" />
        <source>Remote images blocked</source>
        <translation>已阻止远程图片</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="129" />
        <source>Load once</source>
        <translation>加载一次</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="130" />
        <source>Load remote images once</source>
        <translation>加载一次远程图片</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="131" />
        <source>Always for this site</source>
        <translation>始终允许此网站</translation>
    </message>
    <message>
        <location filename="../../reader/ui/reader_view.py" line="132" />
        <source>Always load images from this site</source>
        <translation>始终加载此网站的图片</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/reader_view.py" line="141" />
        <source>Remote images blocked (%n image(s) from %1)</source>
        <translation><numerusform>已阻止远程图片（%n 张，来自 %1）</numerusform></translation>
    </message>
</context>
<context>
    <name>BulkPreviewDialog</name>
    <message>
        <source>%1 (skipped: %2)</source>
        <translation>%1（已跳过：%2）</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) skipped.</source>
        <translation><numerusform>跳过 %n 个文件。</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) will change.</source>
        <translation><numerusform>将修改 %n 个文件。</numerusform></translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Changes to the file</source>
        <translation>文件的改动</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Rename Category %1 to %2</source>
        <translation>将分类 %1 重命名为 %2</translation>
    </message>
    <message>
        <source>Rename Tag %1 to %2</source>
        <translation>将标签 %1 重命名为 %2</translation>
    </message>
    <message>
        <source>“%1” and “%2” are the same category; nothing to do.</source>
        <translation>“%1”和“%2”是同一个分类，无需修改。</translation>
    </message>
    <message>
        <source>“%1” and “%2” are the same tag; nothing to do.</source>
        <translation>“%1”和“%2”是同一个标签，无需修改。</translation>
    </message>
</context>
<context>
    <name>CategoriesEditor</name>
    <message>
        <source>Add a category path</source>
        <translation>添加分类路径</translation>
    </message>
    <message>
        <source>Add category</source>
        <translation>添加分类</translation>
    </message>
    <message>
        <source>Category path</source>
        <translation>分类路径</translation>
    </message>
    <message>
        <source>Parent / Child</source>
        <translation>上级 / 下级</translation>
    </message>
    <message>
        <source>Remove this category</source>
        <translation>移除此分类</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>%1 was changed by another program while you were editing it. Keep your edits on top of the new file, or take the new file and drop your edits?</source>
        <translation>编辑期间，%1 已被其他程序修改。要把你的修改应用到新文件上，还是采用新文件并放弃你的修改？</translation>
    </message>
    <message>
        <source>Keep Mine</source>
        <translation>保留我的修改</translation>
    </message>
    <message>
        <source>Show Differences</source>
        <translation>显示差异</translation>
    </message>
    <message>
        <source>Take Theirs</source>
        <translation>采用新文件</translation>
    </message>
    <message>
        <source>The File Changed on Disk</source>
        <translation>文件已在磁盘上被修改</translation>
    </message>
    <message>
        <source>Your edits on the new file</source>
        <translation>应用到新文件上的修改</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <source>Not a date: %1</source>
        <translation>不是日期：%1</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>e.g. 2021-04-16 15:21:00 +0800</source>
        <translation>例如 2021-04-16 15:21:00 +0800</translation>
    </message>
    <message>
        <source>no time zone</source>
        <translation>无时区</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>%1 has unsaved changes. Save them?</source>
        <translation>%1 有未保存的修改。要保存吗？</translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation>未保存的修改</translation>
    </message>
</context>
<context>
    <name>DiffDialog</name>
    <message>
        <source>Changes</source>
        <translation>改动</translation>
    </message>
    <message>
        <source>No changes.</source>
        <translation>没有改动。</translation>
    </message>
</context>
<context>
    <name>EditController</name>
    <message numerus="yes">
        <source>%n file(s) changed.</source>
        <translation><numerusform>已修改 %n 个文件。</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) restored.</source>
        <translation><numerusform>已恢复 %n 个文件。</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) skipped.</source>
        <translation><numerusform>跳过 %n 个文件。</numerusform></translation>
    </message>
    <message>
        <source>&amp;Edit Front Matter</source>
        <translation>编辑前置元数据(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Move to Folder…</source>
        <translation>移动到文件夹(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;New Article…</source>
        <translation>新建文章(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Redo Edit</source>
        <translation>重做编辑(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save Article</source>
        <translation>保存文章(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Undo Edit</source>
        <translation>撤销编辑(&amp;U)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelled; the files already changed stay changed (Undo Last Bulk Edit restores them).</source>
        <translation>已取消；已修改的文件保持修改（“撤销上次批量编辑”可以恢复它们）。</translation>
    </message>
    <message>
        <source>Category (Parent / Child):</source>
        <translation>分类（上级 / 下级）：</translation>
    </message>
    <message>
        <source>Changes to %1</source>
        <translation>%1 的改动</translation>
    </message>
    <message>
        <source>Changing files…</source>
        <translation>正在修改文件…</translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation>已创建 %1</translation>
    </message>
    <message>
        <source>Edit &amp;Source…</source>
        <translation>编辑源文件(&amp;S)…</translation>
    </message>
    <message>
        <source>Folder in the library:</source>
        <translation>资料库中的文件夹：</translation>
    </message>
    <message>
        <source>Move %1 to the trash?</source>
        <translation>将 %1 移到回收站？</translation>
    </message>
    <message>
        <source>Move %1 to the trash? It has unsaved changes; they will be lost.</source>
        <translation>将 %1 移到回收站？它有未保存的修改，这些修改将会丢失。</translation>
    </message>
    <message>
        <source>Move to &amp;Trash…</source>
        <translation>移到回收站(&amp;T)…</translation>
    </message>
    <message>
        <source>Move to Ca&amp;tegory…</source>
        <translation>移动到分类(&amp;T)…</translation>
    </message>
    <message>
        <source>Move to Category</source>
        <translation>移动到分类</translation>
    </message>
    <message>
        <source>Move to Folder</source>
        <translation>移动到文件夹</translation>
    </message>
    <message>
        <source>Move to Trash</source>
        <translation>移到回收站</translation>
    </message>
    <message>
        <source>Moved %1 to the trash</source>
        <translation>已将 %1 移到回收站</translation>
    </message>
    <message>
        <source>New Article</source>
        <translation>新建文章</translation>
    </message>
    <message>
        <source>New file name:</source>
        <translation>新文件名：</translation>
    </message>
    <message>
        <source>New name; an existing tag merges:</source>
        <translation>新名称；若标签已存在则合并：</translation>
    </message>
    <message>
        <source>New path (Parent/Child); an existing category merges:</source>
        <translation>新路径（上级/下级）；若分类已存在则合并：</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Preparing the changes…</source>
        <translation>正在准备改动…</translation>
    </message>
    <message>
        <source>Re&amp;vert Article</source>
        <translation>还原文章(&amp;V)</translation>
    </message>
    <message>
        <source>Rena&amp;me File…</source>
        <translation>重命名文件(&amp;M)…</translation>
    </message>
    <message>
        <source>Rename File</source>
        <translation>重命名文件</translation>
    </message>
    <message>
        <source>Rename or &amp;Merge Group…</source>
        <translation>重命名或合并分组(&amp;M)…</translation>
    </message>
    <message>
        <source>Rename or Merge Category</source>
        <translation>重命名或合并分类</translation>
    </message>
    <message>
        <source>Rename or Merge Category…</source>
        <translation>重命名或合并分类…</translation>
    </message>
    <message>
        <source>Rename or Merge Tag</source>
        <translation>重命名或合并标签</translation>
    </message>
    <message>
        <source>Rename or Merge Tag…</source>
        <translation>重命名或合并标签…</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Select a category or a tag first.</source>
        <translation>请先选择一个分类或标签。</translation>
    </message>
    <message>
        <source>Show &amp;Changes…</source>
        <translation>显示改动(&amp;C)…</translation>
    </message>
    <message>
        <source>There is no bulk edit to undo.</source>
        <translation>没有可以撤销的批量编辑。</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Undo Last &amp;Bulk Edit…</source>
        <translation>撤销上次批量编辑(&amp;B)…</translation>
    </message>
    <message>
        <source>Undo Last Bulk Edit</source>
        <translation>撤销上次批量编辑</translation>
    </message>
    <message numerus="yes">
        <source>Undo “%1” (%n file(s))?</source>
        <translation><numerusform>撤销“%1”（%n 个文件）？</numerusform></translation>
    </message>
    <message>
        <source>Undoing the bulk edit…</source>
        <translation>正在撤销批量编辑…</translation>
    </message>
    <message>
        <source>Your edits cannot be applied to the new file: %1</source>
        <translation>无法把你的修改应用到新文件上：%1</translation>
    </message>
    <message>
        <source>Your edits were applied to the new file; not saved yet.</source>
        <translation>你的修改已应用到新文件上，尚未保存。</translation>
    </message>
    <message>
        <source>%1; a new undo journal was started.</source>
        <translation>%1；已新建撤销日志。</translation>
    </message>
</context>
<context>
    <name>FrontMatterForm</name>
    <message>
        <source>Add %1</source>
        <translation>添加 %1</translation>
    </message>
    <message>
        <source>Add Key</source>
        <translation>添加键</translation>
    </message>
    <message>
        <source>Add the key</source>
        <translation>添加该键</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>Discard the edits</source>
        <translation>放弃修改</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <source>Edit the front matter text</source>
        <translation>编辑前置元数据文本</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Front matter</source>
        <translation>前置元数据</translation>
    </message>
    <message>
        <source>Front matter text</source>
        <translation>前置元数据文本</translation>
    </message>
    <message>
        <source>Front matter views</source>
        <translation>前置元数据视图</translation>
    </message>
    <message>
        <source>Line %1: </source>
        <translation>第 %1 行：</translation>
    </message>
    <message>
        <source>Name of a key to add</source>
        <translation>要添加的键名</translation>
    </message>
    <message>
        <source>New key</source>
        <translation>新键</translation>
    </message>
    <message>
        <source>No article</source>
        <translation>没有文章</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>Raw: </source>
        <translation>原文：</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>移除 %1</translation>
    </message>
    <message>
        <source>Remove the key %1</source>
        <translation>移除键 %1</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save the front matter</source>
        <translation>保存前置元数据</translation>
    </message>
    <message>
        <source>Show Changes</source>
        <translation>显示改动</translation>
    </message>
    <message>
        <source>Show the changes to the file</source>
        <translation>显示文件的改动</translation>
    </message>
    <message>
        <source>The front matter does not parse; fix it in the Raw tab.</source>
        <translation>前置元数据无法解析，请在“原文”标签页中修正。</translation>
    </message>
    <message>
        <source>This front matter holds bytes that are not UTF-8 or a paragraph separator, which this editor cannot keep; it is read-only here.</source>
        <translation>此前置元数据包含非 UTF-8 字节或段落分隔符，本编辑器无法原样保留，因此在这里为只读。</translation>
    </message>
    <message>
        <source>This file is read-only: its front matter is shown, and cannot be edited here.</source>
        <translation>此文件为只读：这里显示其前置元数据，但不能编辑。</translation>
    </message>
</context>
<context>
    <name>SourceEditor</name>
    <message>
        <source>Article source</source>
        <translation>文章源文件</translation>
    </message>
    <message>
        <source>Line %1: </source>
        <translation>第 %1 行：</translation>
    </message>
    <message>
        <source>Source of %1</source>
        <translation>%1 的源文件</translation>
    </message>
    <message>
        <source>The front matter reads correctly.</source>
        <translation>前置元数据可以正确读取。</translation>
    </message>
    <message>
        <source>This file is not valid UTF-8; editing it here would change bytes, so it is read-only.</source>
        <translation>此文件不是有效的 UTF-8，在这里编辑会改变其字节，因此为只读。</translation>
    </message>
    <message>
        <source>This file holds a paragraph separator (U+2029), which this editor would turn into a line break, so it is read-only.</source>
        <translation>此文件包含段落分隔符（U+2029），本编辑器会把它变成换行，因此为只读。</translation>
    </message>
</context>
<context>
    <name>TagsEditor</name>
    <message>
        <source>Add a tag</source>
        <translation>添加标签</translation>
    </message>
    <message>
        <source>Add a tag and press Enter</source>
        <translation>输入标签后按回车添加</translation>
    </message>
    <message>
        <source>Remove tag %1</source>
        <translation>移除标签 %1</translation>
    </message>
</context>
<context>
    <name>UrlEditor</name>
    <message>
        <source>Image preview</source>
        <translation>图片预览</translation>
    </message>
    <message>
        <source>No offline copy</source>
        <translation>没有离线副本</translation>
    </message>
</context>
<context>
    <name>YamlEditor</name>
    <message>
        <source>line %1: </source>
        <translation>第 %1 行：</translation>
    </message>
</context>
<context>
    <name>CollectionsActions</name>
    <message>
        <source>Export This Group…</source>
        <translation>导出此分组…</translation>
    </message>
    <message>
        <source>Open a library first.</source>
        <translation>请先打开资料库。</translation>
    </message>
    <message>
        <source>Choose an article to print.</source>
        <translation>请选择要打印的文章。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export Articles</source>
        <translation>导出文章</translation>
    </message>
    <message numerus="yes">
        <source>The %n article(s) listed: %1</source>
        <translation><numerusform>列出的 %n 篇文章：%1</numerusform></translation>
    </message>
    <message>
        <source>The selected article</source>
        <translation>选中的文章</translation>
    </message>
    <message>
        <source>EPUB book (.epub)</source>
        <translation>EPUB 电子书 (.epub)</translation>
    </message>
    <message>
        <source>PDF document (.pdf)</source>
        <translation>PDF 文档 (.pdf)</translation>
    </message>
    <message>
        <source>HTML folder (index and one page each)</source>
        <translation>HTML 文件夹（目录页加每篇一页）</translation>
    </message>
    <message>
        <source>By date (month)</source>
        <translation>按日期（月份）</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>按分类</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Articles:</source>
        <translation>文章：</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Contents:</source>
        <translation>目录：</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Save to:</source>
        <translation>保存到：</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export to Folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <source>EPUB books (*.epub)</source>
        <translation>EPUB 电子书 (*.epub)</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Replace?</source>
        <translation>替换？</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it?</source>
        <translation>%1 已存在。要替换吗？</translation>
    </message>
    <message>
        <source>Choose where to save the export.</source>
        <translation>请选择导出的保存位置。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n article(s) to %1.</source>
        <translation><numerusform>已将 %n 篇文章导出到 %1。</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n article(s) could not be read.</source>
        <translation><numerusform>%n 篇文章无法读取。</numerusform></translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Cancelled; nothing was written.</source>
        <translation>已取消，未写入任何内容。</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>Print Article</source>
        <translation>打印文章</translation>
    </message>
</context>
<context>
    <name>QueryFeedback</name>
    <message>
        <source>Query error at character %1: %2</source>
        <translation>查询在第 %1 个字符处有错误：%2</translation>
    </message>
</context>
<context>
    <name>WebImport</name>
    <message>
        <source>Import Web Pages</source>
        <translation>导入网页</translation>
    </message>
    <message>
        <source>Saved web pages (*.html *.htm *.xhtml)</source>
        <translation>保存的网页 (*.html *.htm *.xhtml)</translation>
    </message>
    <message>
        <source>Open a library first, then drop the pages on it.</source>
        <translation>请先打开资料库，再把网页拖到窗口上。</translation>
    </message>
    <message>
        <source>Import cancelled.</source>
        <translation>已取消导入。</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n page(s).</source>
        <translation><numerusform>已导入 %n 个网页。</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) could not be imported:</source>
        <translation><numerusform>%n 个网页无法导入：</numerusform></translation>
    </message>
    <message>
        <source>Import failed: %1</source>
        <translation>导入失败：%1</translation>
    </message>
    <message>
        <source>Already in the Library</source>
        <translation>资料库中已有</translation>
    </message>
    <message>
        <source>It has the same address as %1.</source>
        <translation>它与 %1 的网址相同。</translation>
    </message>
    <message>
        <source>It has the same text as %1.</source>
        <translation>它与 %1 的正文相同。</translation>
    </message>
    <message>
        <source>“%1” is already in the library.</source>
        <translation>“%1”已在资料库中。</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Keep Both</source>
        <translation>两者都保留</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Do the same for the other duplicates</source>
        <translation>其余重复项也这样处理</translation>
    </message>
</context>
</TS>