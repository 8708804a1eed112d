<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>OverviewWindow</name>
    <message>
        <source>Tongxin Grid</source>
        <translation>同心网格</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>矛盾纠纷</translation>
    </message>
    <message>
        <source>Volunteer activities</source>
        <translation>志愿服务活动</translation>
    </message>
    <message>
        <source>Changes waiting to sync</source>
        <translation>待同步的修改</translation>
    </message>
</context>
</TS>