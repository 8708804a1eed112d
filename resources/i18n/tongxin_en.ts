<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
<context>
    <name>OverviewWindow</name>
    <message>
        <source>Tongxin Grid</source>
        <translation>Tongxin Grid</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>Residents</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>Disputes</translation>
    </message>
    <message>
        <source>Volunteer activities</source>
        <translation>Volunteer activities</translation>
    </message>
    <message>
        <source>Changes waiting to sync</source>
        <translation>Changes waiting to sync</translation>
    </message>
</context>
</TS>