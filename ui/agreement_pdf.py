"""The mediation agreement (人民调解协议书) printed to PDF through Qt: parties, terms, signature lines.

Rendered from HTML by QTextDocument into a QPdfWriter, so Chinese, Mongolian script and Latin names
print with whatever fonts the laptop has. The PDF is then kept with the dispute as an attachment.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QBuffer, QByteArray, QIODevice

from app.models import Dispute, DisputeParty, PartyRole
from ui.pdf_pages import a4_writer, print_html


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
    writer = a4_writer(buffer, f"人民调解协议书 {dispute.title}", margin_mm=20)
    print_html(writer, agreement_html(dispute, parties, agreed_on), point_size=12)
    del writer  # the PDF is finished when its writer goes
    buffer.close()
    return bytes(data.data())
