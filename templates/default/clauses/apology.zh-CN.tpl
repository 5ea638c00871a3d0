{# 致歉函正文：每行一段，首行缩进两字。 #}
{% with a=case.apology %}
首先，就{% if case.title %}“{{ case.title }}”一事{% else %}此次事件{% endif %}给您带来的不便和困扰，我们深表歉意。
{{ a.facts }}{% if a.cause %}{{ a.cause }}{% endif %}

{% if a.countermeasures %}
针对上述问题，我们已采取以下措施：
{% for c in a.countermeasures %}
{{ forloop.Counter|numeral }}、{{ c }}
{% endfor %}
{% endif %}
{% if case.settlement.terms %}
经与您协商一致，我们将按照双方签订的《{{ L.agreement.name }}》{% if N.agreement %}（编号：{{ N.agreement }}）{% endif %}给予如下处理：{% for t in case.settlement.terms %}{{ t.text }}{% if t.amount %}（{{ t.amount|money }}）{% endif %}{% if not forloop.Last %}；{% endif %}{% endfor %}{% if d.settlement_total and d.settlement_total != "0.00" %}；合计{{ d.settlement_total|daxie }}（{{ d.settlement_total|money }}）{% endif %}。
{% endif %}
{% if a.commitment %}
{{ a.commitment }}
{% endif %}
如您对处理结果仍有任何疑问或建议，欢迎随时与我们联系{% if case.organization.department %}：{{ case.organization.department }}{% endif %}{% if a.signer.name %}，联系人{{ a.signer.name }}{% endif %}{% if case.organization.phone %}，电话{{ case.organization.phone }}{% endif %}。
再次向您表示诚挚的歉意，感谢您对我们的理解与监督！
{% endwith %}
