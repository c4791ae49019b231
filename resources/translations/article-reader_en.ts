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
    <message numerus="yes">
        <source>%n image(s) could not be loaded</source>
        <translation><numerusform>%n image could not be loaded</numerusform><numerusform>%n images could not be loaded</numerusform></translation>
    </message>
</context>
<context>
    <name>RemoteImageBanner</name>
    <message numerus="yes">
        <source>%n remote image(s) blocked</source>
        <translation><numerusform>%n remote image blocked</numerusform><numerusform>%n remote images blocked</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) could not be loaded</source>
        <translation><numerusform>%n image could not be loaded</numerusform><numerusform>%n images could not be loaded</numerusform></translation>
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
    <name>NavigationModel</name>
    <message numerus="yes">
        <source>%n article(s)</source>
        <translation><numerusform>%n article</numerusform><numerusform>%n articles</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n categories</source>
        <translation><numerusform>%n category</numerusform><numerusform>%n categories</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n tags</source>
        <translation><numerusform>%n tag</numerusform><numerusform>%n tags</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n authors</source>
        <translation><numerusform>%n author</numerusform><numerusform>%n authors</numerusform></translation>
    </message>
</context>
</TS>
