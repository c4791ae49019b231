<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="en">
    <context>
        <name>MainWindow</name>
        <message numerus="yes">
            <source>%n file(s) or folder(s) could not be read, e.g. %1 (see Problems)</source>
            <translation>
                <numerusform>%n file or folder could not be read: %1 (see Problems)</numerusform>
                <numerusform>%n files or folders could not be read, e.g. %1 (see Problems)</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n file(s) or folder(s) not read</source>
            <translation>
                <numerusform>%n file or folder not read</numerusform>
                <numerusform>%n files or folders not read</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n result(s)</source>
            <translation>
                <numerusform>%n result</numerusform>
                <numerusform>%n results</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n article(s)</source>
            <translation>
                <numerusform>%n article</numerusform>
                <numerusform>%n articles</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n image(s) could not be loaded</source>
            <translation>
                <numerusform>%n image could not be loaded</numerusform>
                <numerusform>%n images could not be loaded</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>RemoteImageBanner</name>
        <message numerus="yes">
            <source>Remote images blocked (%n image(s) from %1)</source>
            <translation>
                <numerusform>Remote image blocked (%n image from %1)</numerusform>
                <numerusform>Remote images blocked (%n images from %1)</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n remote image(s) blocked</source>
            <translation>
                <numerusform>%n remote image blocked</numerusform>
                <numerusform>%n remote images blocked</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n image(s) could not be loaded</source>
            <translation>
                <numerusform>%n image could not be loaded</numerusform>
                <numerusform>%n images could not be loaded</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>BulkPreviewDialog</name>
        <message numerus="yes">
            <source>%n file(s) skipped.</source>
            <translation>
                <numerusform>%n file skipped.</numerusform>
                <numerusform>%n files skipped.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n file(s) will change.</source>
            <translation>
                <numerusform>%n file will change.</numerusform>
                <numerusform>%n files will change.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>EditController</name>
        <message numerus="yes">
            <source>%n file(s) changed.</source>
            <translation>
                <numerusform>%n file changed.</numerusform>
                <numerusform>%n files changed.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n file(s) skipped, e.g. %1</source>
            <translation>
                <numerusform>%n file skipped: %1</numerusform>
                <numerusform>%n files skipped, e.g. %1</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n file(s) restored.</source>
            <translation>
                <numerusform>%n file restored.</numerusform>
                <numerusform>%n files restored.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n file(s) skipped.</source>
            <translation>
                <numerusform>%n file skipped.</numerusform>
                <numerusform>%n files skipped.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Undo “%1” (%n file(s))?</source>
            <translation>
                <numerusform>Undo “%1” (%n file)?</numerusform>
                <numerusform>Undo “%1” (%n files)?</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ConflictDialog</name>
        <message numerus="yes">
            <source>%n key(s) differ.</source>
            <translation>
                <numerusform>%n key differs.</numerusform>
                <numerusform>%n keys differ.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Body: %n conflicting stretch(es) left to edit.</source>
            <translation>
                <numerusform>Body: %n conflicting stretch left to edit.</numerusform>
                <numerusform>Body: %n conflicting stretches left to edit.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>HistoryDialog</name>
        <message numerus="yes">
            <source>%n version(s)</source>
            <translation>
                <numerusform>%n version</numerusform>
                <numerusform>%n versions</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>VcsActions</name>
        <message numerus="yes">
            <source>Committed %n article(s) as %1</source>
            <translation>
                <numerusform>Committed %n article as %1</numerusform>
                <numerusform>Committed %n articles as %1</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ReadingController</name>
        <message numerus="yes">
            <source>Undo Mar&amp;king %n Article(s) as Read</source>
            <translation>
                <numerusform>Undo Mar&amp;king %n Article as Read</numerusform>
                <numerusform>Undo Mar&amp;king %n Articles as Read</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n reading-state line(s) skipped, e.g. %1</source>
            <translation>
                <numerusform>%n reading-state line skipped: %1</numerusform>
                <numerusform>%n reading-state lines skipped, e.g. %1</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Marked %n article(s) as read</source>
            <translation>
                <numerusform>Marked %n article as read</numerusform>
                <numerusform>Marked %n articles as read</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Undid marking %n article(s) as read</source>
            <translation>
                <numerusform>Undid marking %n article as read</numerusform>
                <numerusform>Undid marking %n articles as read</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SiteActions</name>
        <message numerus="yes">
            <source>Wrote %1: %n key(s) added.</source>
            <translation>
                <numerusform>Wrote %1: %n key added.</numerusform>
                <numerusform>Wrote %1: %n keys added.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>NavigationModel</name>
        <message numerus="yes">
            <source>%n article(s)</source>
            <translation>
                <numerusform>%n article</numerusform>
                <numerusform>%n articles</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n file(s) or folder(s) could not be read</source>
            <translation>
                <numerusform>%n file or folder could not be read</numerusform>
                <numerusform>%n files or folders could not be read</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n categories</source>
            <translation>
                <numerusform>%n category</numerusform>
                <numerusform>%n categories</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n tags</source>
            <translation>
                <numerusform>%n tag</numerusform>
                <numerusform>%n tags</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n authors</source>
            <translation>
                <numerusform>%n author</numerusform>
                <numerusform>%n authors</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message numerus="yes">
            <source>The %n article(s) listed: %1</source>
            <translation>
                <numerusform>The %n article listed: %1</numerusform>
                <numerusform>The %n articles listed: %1</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Exported %n article(s) to %1.</source>
            <translation>
                <numerusform>Exported %n article to %1.</numerusform>
                <numerusform>Exported %n articles to %1.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n problem(s) found; those articles are in it as the reader shows them.</source>
            <translation>
                <numerusform>%n problem found; that article is in it as the reader shows it.</numerusform>
                <numerusform>%n problems found; those articles are in it as the reader shows them.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n article(s) could not be read, e.g. %1.</source>
            <translation>
                <numerusform>%n article could not be read: %1.</numerusform>
                <numerusform>%n articles could not be read, e.g. %1.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>WebImport</name>
        <message numerus="yes">
            <source>Imported %n page(s).</source>
            <translation>
                <numerusform>Imported %n page.</numerusform>
                <numerusform>Imported %n pages.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n duplicate(s) skipped.</source>
            <translation>
                <numerusform>%n duplicate skipped.</numerusform>
                <numerusform>%n duplicates skipped.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n page(s) could not be imported:</source>
            <translation>
                <numerusform>%n page could not be imported:</numerusform>
                <numerusform>%n pages could not be imported:</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SavedSearchesController</name>
        <message numerus="yes">
            <source>%n saved-search line(s) skipped, e.g. %1</source>
            <translation>
                <numerusform>%n saved-search line skipped, e.g. %1</numerusform>
                <numerusform>%n saved-search lines skipped, e.g. %1</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>OfflineActions</name>
        <message numerus="yes">
            <source>%1; %n article(s) could not be read, e.g. %2</source>
            <translation>
                <numerusform>%1; %n article could not be read: %2</numerusform>
                <numerusform>%1; %n articles could not be read, e.g. %2</numerusform>
            </translation>
        </message>
    </context>
</TS>