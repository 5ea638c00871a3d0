{# 致歉函正文：每行一段，首行缩进两字。写给顾客（您/我们）：事由不用内部案卷标题；每项处理一句话，写明金额和由谁支付，已履行的（paid_on/performed_on）写“已于某日”；合计写小写和大写。 #}
{% with a=case.apology s=case.settlement cat=case.intake.category|default:'other' %}
首先，就{% if a.subject %}{{ a.subject }}{% else %}您反映的{% if cat == 'product_quality' or cat == 'delivery_installation' or cat == 'price' %}{{ case.purchase.items.0.name|default:case.eightd.product.name }}{% endif %}{{ L.apology.about[cat] }}{% endif %}给您带来的不便和困扰，我们深表歉意。
{{ a.facts }}{% if a.cause %}{{ a.cause }}{% endif %}
{% if a.countermeasures %}
针对上述问题，我们已采取以下措施：
{% for c in a.countermeasures %}
{{ forloop.Counter|numeral }}、{{ c }}
{% endfor %}
{% endif %}
{% if s.terms %}
经与您协商一致，{{ L.apology.sides[s.parties|length] }}已签订《{{ L.agreement.name }}》{% if N.agreement %}（编号：{{ N.agreement }}）{% endif %}，按协议为您办理的事项如下：
{% for t in s.terms %}
{% with k=d.term_payers[forloop.Counter0] %}{% with p=s.parties[k-1] %}
（{{ forloop.Counter|numeral }}）{% if t.letter %}{{ t.letter }}{% elif t.kind == 'other' %}协议书第{{ forloop.Counter|numeral }}条约定的其他事项，{% if not d.us or k == d.us %}我们{% else %}{{ L.enum.role[p.role|default:''] }}{{ p.name }}{% endif %}将按约履行。{% else %}{% if not d.us or k == d.us %}我们{% else %}{{ L.enum.role[p.role|default:''] }}{{ p.name }}{% endif %}{% with done=t.paid_on|default:t.performed_on %}{% if done %}已于{{ done|ymd }}{% else %}将{% endif %}{% endwith %}{% if t.advance %}先行{% endif %}{{ L.apology.remedy[t.kind|default:'other'] }}{% if t.amount %}{{ t.amount|money }}{% endif %}。{% endif %}
{% endwith %}{% endwith %}
{% endfor %}
{% if d.settlement_total and d.settlement_total != "0.00" %}
以上款项合计{{ d.settlement_total|money }}（{{ d.settlement_total|daxie }}）{% if s.payment %}，将于{{ s.payment.due_on|ymd }}前以{{ s.payment.method }}方式支付给您{% endif %}。
{% endif %}
{% endif %}
{% if a.commitment %}
{{ a.commitment }}
{% endif %}
如您对处理结果仍有任何疑问或建议，欢迎随时与我们联系{% if case.organization.department %}：{{ case.organization.department }}{% endif %}{% if a.signer.name %}，联系人{{ a.signer.name }}{% endif %}{% if case.organization.phone %}，电话{{ case.organization.phone }}{% endif %}。
再次向您表示诚挚的歉意，感谢您对我们的理解与监督！
{% endwith %}
