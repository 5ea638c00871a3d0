{# Body of the apology letter, one paragraph a line, written to the customer (you/we): what the apology is for, never the internal case title; each remedy one sentence with its amount and who pays; the total in figures and words. #}
{% with a=case.apology s=case.settlement cat=case.intake.category|default:'other' %}
Please accept our sincere apology for the trouble {% if a.subject %}{{ a.subject }}{% else %}{{ L.apology.about[cat] }}{% if cat == 'product_quality' or cat == 'delivery_installation' or cat == 'price' %}{% with p=case.purchase.items.0.name|default:case.eightd.product.name %}{% if p %} ({{ p }}){% endif %}{% endwith %}{% endif %}{% endif %} has caused you.
{{ a.facts }}{% if a.cause %} {{ a.cause }}{% endif %}
{% if a.countermeasures %}
We have taken the following measures:
{% for c in a.countermeasures %}
{{ forloop.Counter }}. {{ c }}
{% endfor %}
{% endif %}
{% if s.terms %}
As agreed with you, the {{ L.apology.sides[s.parties|length] }} have signed the {{ L.agreement.name }}{% if N.agreement %} No. {{ N.agreement }}{% endif %}, under which:
{% for t in s.terms %}
{% with k=d.term_payers[forloop.Counter0] %}{% with p=s.parties[k-1] %}
({{ forloop.Counter }}) {% if t.letter %}{{ t.letter }}{% elif t.kind == 'other' %}{% if not d.us or k == d.us %}We{% else %}The {{ L.enum.role[p.role|default:''] }}, {{ p.name }},{% endif %} will do what Article {{ forloop.Counter }} of the agreement provides.{% else %}{% if not d.us or k == d.us %}We{% else %}The {{ L.enum.role[p.role|default:''] }}, {{ p.name }},{% endif %}{% with done=t.paid_on|default:t.performed_on %}{% if done %} {{ L.apology.remedy_done[t.kind|default:'other'] }}{% else %} will {{ L.apology.remedy[t.kind|default:'other'] }}{% endif %}{% if t.amount %} {{ t.amount|money }}{% endif %}{% if done %} on {{ done|ymd:"en" }}{% endif %}{% endwith %}{% if t.advance %}, paying in advance on behalf of the {{ L.enum.role[t.recourse|default:'other'] }}{% endif %}.{% endif %}
{% endwith %}{% endwith %}
{% endfor %}
{% if d.settlement_total and d.settlement_total != "0.00" %}
The amounts above total {{ d.settlement_total|money }} ({{ d.settlement_total|amount_words }}){% if s.payment %} and will be paid to you by {{ s.payment.method }} no later than {{ s.payment.due_on|ymd:"en" }}{% endif %}.
{% endif %}
{% endif %}
{% if a.commitment %}
{{ a.commitment }}
{% endif %}
If you have any further question, please contact us{% if case.organization.department %} at the {{ case.organization.department }}{% endif %}{% if a.signer.name %} ({{ a.signer.name }}){% endif %}{% if case.organization.phone %}, telephone {{ case.organization.phone }}{% endif %}.
Once again, please accept our apologies, and thank you for your understanding.
{% endwith %}
