{# 投诉处理协议书的条款：每行一条，文书按“第一条、第二条……”编号。 #}
{% with s=case.settlement %}
{% for t in s.terms %}
{{ t.text }}{% if t.amount %}金额：{{ t.amount|daxie }}（{{ t.amount|money }}）。{% endif %}
{% endfor %}
{% if d.settlement_total and d.settlement_total != "0.00" %}
上述款项合计{{ d.settlement_total|daxie }}（{{ d.settlement_total|money }}）{% if s.payment %}，由{{ L.agreement.payer }}于{{ s.payment.due_on|ymd }}前以{{ s.payment.method }}方式支付给甲方{% endif %}。
{% endif %}
{% if s.waiver %}
本协议为就本次投诉的一次性解决方案。{{ L.agreement.payer }}按本协议履行完毕后，甲方不再就本协议所涉商品的质量问题及本次投诉事项向其他各方提出其他任何主张；但本条不影响甲方今后因该商品造成人身损害而依法享有的请求赔偿的权利。
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
