"""The mediation agreement (人民调解协议书) printed to PDF through Qt: parties, terms, signature lines.

Rendered from HTML by QTextDocument into a QPdfWriter, so Chinese, Mongolian script and Latin names
print with whatever fonts the laptop has. The PDF is then kept with the dispute as an attachment.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from app.models import Dispute, DisputeParty, PartyRole

PRINT_FAMILIES = ("WenQuanYi Micro Hei", "Microsoft YaHei", "SimSun", "Noto Sans CJK SC")


def agreement_html(dispute: Dispute, parties: list[DisputeParty], agreed_on: str) -> str:
    def people(role: PartyRole) -> str:
        chosen = [p for p in parties if p.role is role]
        return (
            "<br>".join(escape(p.name + (f"（电话：{p.phone}）" if p.phone else "")) for p in chosen) or "—"
        )

    terms = "".join(f"<p>{escape(line)}</p>" for line in dispute.agreement.splitlines() if line.strip())
    signatures = "".join(
        f"<p>{escape(p.role.zh)}：{escape(p.name)}（签名）＿＿＿＿＿＿＿＿　日期＿＿＿＿＿＿</p>"
        for p in parties
    )
    return (
        "<h2 align='center'>人民调解协议书</h2>"
        f"<p><b>纠纷事项：</b>{escape(dispute.title)}</p>"
        f"<p><b>纠纷类别：</b>{escape(dispute.category.zh)}　<b>地点：</b>{escape(dispute.location)}</p>"
        f"<p><b>申请人：</b><br>{people(PartyRole.APPLICANT)}</p>"
        f"<p><b>被申请人：</b><br>{people(PartyRole.RESPONDENT)}</p>"
        f"<p><b>纠纷简要情况：</b>{escape(dispute.description)}</p>"
        f"<p><b>经调解，双方自愿达成如下协议：</b></p>{terms}"
        "<p>本协议自各方当事人签名之日起生效，当事人应当按照约定履行。</p>"
        f"{signatures}"
        f"<p>人民调解员（签名）＿＿＿＿＿＿＿＿　{escape(dispute.mediator or '')}</p>"
        f"<p align='right'>{escape(agreed_on)}</p>"
    )


def agreement_pdf(dispute: Dispute, parties: list[DisputeParty], agreed_on: str) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(f"人民调解协议书 {dispute.title}")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(20, 20, 20, 20)
        )
    )
    writer.setResolution(300)
    document = QTextDocument()
    font = QFont()
    # Fonts whose tables map each glyph back to one character, so the PDF's text can be searched
    # and copied (some CJK fonts share glyphs with Kangxi radicals, and the copy then reads 「⼈」).
    font.setFamilies(list(PRINT_FAMILIES))
    font.setPointSize(12)
    document.setDefaultFont(font)
    document.setHtml(agreement_html(dispute, parties, agreed_on))
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    document.print_(writer)
    buffer.close()
    return bytes(data.data())
