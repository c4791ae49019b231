<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<!-- English is the source language: this catalogue only spells out plural forms. -->
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n file(s) could not be read, e.g. %1</source>
        <translation><numerusform>%n file could not be read: %1</numerusform><numerusform>%n files could not be read, e.g. %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation><numerusform>%n result</numerusform><numerusform>%n results</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n article(s)</source>
        <translation><numerusform>%n article</numerusform><numerusform>%n articles</numerusform></translation>
    </message>
</context>
<context>
    <name>RemoteImageBanner</name>
    <message numerus="yes">
        <source>Remote images blocked (%n image(s) from %1)</source>
        <translation><numerusform>Remote image blocked (%n image from %1)</numerusform><numerusform>Remote images blocked (%n images from %1)</numerusform></translation>
    </message>
</context>
<context>
    <name>BulkPreviewDialog</name>
    <message numerus="yes">
        <source>%n file(s) skipped.</source>
        <translation><numerusform>%n file skipped.</numerusform><numerusform>%n files skipped.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) will change.</source>
        <translation><numerusform>%n file will change.</numerusform><numerusform>%n files will change.</numerusform></translation>
    </message>
</context>
<context>
    <name>EditController</name>
    <message numerus="yes">
        <source>%n file(s) changed.</source>
        <translation><numerusform>%n file changed.</numerusform><numerusform>%n files changed.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) restored.</source>
        <translation><numerusform>%n file restored.</numerusform><numerusform>%n files restored.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) skipped.</source>
        <translation><numerusform>%n file skipped.</numerusform><numerusform>%n files skipped.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Undo “%1” (%n file(s))?</source>
        <translation><numerusform>Undo “%1” (%n file)?</numerusform><numerusform>Undo “%1” (%n files)?</numerusform></translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <source>The %n article(s) listed: %1</source>
        <translation><numerusform>The %n article listed: %1</numerusform><numerusform>The %n articles listed: %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n article(s) to %1.</source>
        <translation><numerusform>Exported %n article to %1.</numerusform><numerusform>Exported %n articles to %1.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n article(s) could not be read.</source>
        <translation><numerusform>%n article could not be read.</numerusform><numerusform>%n articles could not be read.</numerusform></translation>
    </message>
</context>
<context>
    <name>WebImport</name>
    <message numerus="yes">
        <source>Imported %n page(s).</source>
        <translation><numerusform>Imported %n page.</numerusform><numerusform>Imported %n pages.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) could not be imported:</source>
        <translation><numerusform>%n page could not be imported:</numerusform><numerusform>%n pages could not be imported:</numerusform></translation>
    </message>
</context>
</TS>
