{# Body of the apology letter: one paragraph a line. #}
{% with a=case.apology %}
Please accept our sincere apology for the trouble {% if case.title %}this matter ({{ case.title }}){% else %}this matter{% endif %} has caused you.
{{ a.facts }}{% if a.cause %} {{ a.cause }}{% endif %}

{% if a.countermeasures %}
We have taken the following measures:
{% for c in a.countermeasures %}
{{ forloop.Counter }}. {{ c }}
{% endfor %}
{% endif %}
{% if case.settlement.terms %}
As agreed with you in the settlement agreement{% if N.agreement %} No. {{ N.agreement }}{% endif %}: {% for t in case.settlement.terms %}{{ t.text }}{% if t.amount %} ({{ t.amount|money }}){% endif %}{% if not forloop.Last %}; {% endif %}{% endfor %}{% if d.settlement_total and d.settlement_total != "0.00" %}; in total {{ d.settlement_total|money }} ({{ d.settlement_total|amount_words }}){% endif %}.
{% endif %}
{% if a.commitment %}
{{ a.commitment }}
{% endif %}
If you have any further question, please contact us{% if case.organization.department %} at the {{ case.organization.department }}{% endif %}{% if a.signer.name %} ({{ a.signer.name }}){% endif %}{% if case.organization.phone %}, telephone {{ case.organization.phone }}{% endif %}.
Once again, please accept our apologies, and thank you for your understanding.
{% endwith %}
