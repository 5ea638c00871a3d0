{# 投诉处理协议书的条款：每行一条，文书按“第一条、第二条……”编号。每条写明由哪一方支付，先行赔付的写明向谁追偿。 #}
{% with s=case.settlement %}
{% for t in s.terms %}
{% with k=d.term_payers[forloop.Counter0] r=d.term_recourse[forloop.Counter0] %}
{{ t.text }}{% if t.amount %}金额：{{ t.amount|daxie }}（{{ t.amount|money }}），由{{ L.agreement.party[k-1] }}{% if t.advance %}先行赔付{% else %}支付{% endif %}。{% endif %}{% if t.advance %}{{ L.agreement.party[k-1] }}先行赔付后，有权向{% if r %}{{ L.agreement.party[r-1] }}{% else %}{{ L.enum.role[t.recourse|default:''] }}{% if t.recourse == 'merchant' and case.purchase.merchant %}{{ case.purchase.merchant }}{% endif %}{% endif %}追偿，{% if r %}{{ L.agreement.party[r-1] }}{% else %}{{ L.enum.role[t.recourse|default:''] }}{% endif %}应予偿付。{% endif %}
{% endwith %}
{% endfor %}
{% if d.settlement_total and d.settlement_total != "0.00" %}
上述款项合计{{ d.settlement_total|daxie }}（{{ d.settlement_total|money }}）{% if d.payer %}，由{{ L.agreement.party[d.payer-1] }}{% if d.advances[d.payer-1] == d.settlement_total %}先行赔付{% endif %}{% if s.payment %}于{{ s.payment.due_on|ymd }}前以{{ s.payment.method }}方式{% endif %}支付给{{ L.agreement.party[d.payee-1]|default:L.agreement.party.0 }}。{% else %}，其中{% for p in d.pays %}{% with a=d.advances[forloop.Counter0] %}{% if p != "0.00" %}{{ L.agreement.party[forloop.Counter0] }}{% if a == p %}先行赔付{% else %}支付{% endif %}{{ p|daxie }}（{{ p|money }}）{% if a != "0.00" and a != p %}，含先行赔付{{ a|money }}{% endif %}；{% endif %}{% endwith %}{% endfor %}{% if s.payment %}各付款方于{{ s.payment.due_on|ymd }}前以{{ s.payment.method }}方式{% else %}各付款方{% endif %}支付给{{ L.agreement.party[d.payee-1]|default:L.agreement.party.0 }}。{% endif %}
{% endif %}
{% if s.waiver %}
本协议为就本次投诉的一次性解决方案。{% if d.payer %}{{ L.agreement.party[d.payer-1] }}{% elif d.payers %}各付款方{% else %}各方{% endif %}按本协议履行完毕后，{{ L.agreement.party[d.payee-1]|default:L.agreement.party.0 }}不再就{{ L.agreement.waiver[case.intake.category|default:'other'] }}向其他各方提出其他任何主张；但本条不影响{{ L.agreement.party[d.payee-1]|default:L.agreement.party.0 }}{{ L.agreement.reserve[case.intake.category|default:'other'] }}。
{% endif %}
{% if s.confidentiality %}
各方对本协议内容负有保密义务，未经其他各方书面同意不得向第三方披露，但法律法规另有规定或有关监管部门依法要求的除外。
{% endif %}
本协议未尽事宜，由各方另行协商解决；协商不成的，任何一方可依法向有关部门申请调解或向人民法院起诉。
{% if s.copies and s.copies > s.parties|length %}
本协议{{ s.copies|copies }}，各方各执一份，其余{{ s.copies - s.parties|length|numeral }}份存档备查，自各方签字（盖章）之日起生效。
{% else %}
本协议{% if s.copies %}{{ s.copies|copies }}{% else %}{{ s.parties|length|copies }}{% endif %}，各方各执一份，自各方签字（盖章）之日起生效。
{% endif %}
{% endwith %}
