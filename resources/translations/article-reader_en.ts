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
</TS>
