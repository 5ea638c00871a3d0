{# Clauses of the settlement agreement: one a line, numbered by the document. Each says who pays; an advance payment says from whom it is recovered. #}
{% with s=case.settlement %}
{% for t in s.terms %}
{% with k=d.term_payers[forloop.Counter0] r=d.term_recourse[forloop.Counter0] %}
{{ t.text }}{% if t.amount %} Amount: {{ t.amount|money }} ({{ t.amount|amount_words }}), {% if t.advance %}paid in advance by{% else %}paid by{% endif %} {{ L.agreement.party[k-1] }}.{% endif %}{% if t.advance %} Having paid in advance, {{ L.agreement.party[k-1] }} may recover the amount from {% if r %}{{ L.agreement.party[r-1] }}{% else %}the {{ L.enum.role[t.recourse|default:''] }}{% if t.recourse == 'merchant' and case.purchase.merchant %} ({{ case.purchase.merchant }}){% endif %}{% endif %}, who shall repay it.{% endif %}
{% endwith %}
{% endfor %}
{% if d.settlement_total and d.settlement_total != "0.00" %}
The amounts above total {{ d.settlement_total|money }} ({{ d.settlement_total|amount_words }}){% if d.payer %}, to be paid{% if d.advances[d.payer-1] == d.settlement_total %} in advance{% endif %} by {{ L.agreement.party[d.payer-1] }} to {{ L.agreement.party[d.payee-1]|default:L.agreement.party.0 }}{% else %}, of which {% for p in d.pays %}{% with a=d.advances[forloop.Counter0] %}{% if p != "0.00" %}{{ L.agreement.party[forloop.Counter0] }} pays {{ p|money }} ({{ p|amount_words }}){% if a == p %} in advance{% elif a != "0.00" %}, {{ a|money }} of it in advance{% endif %}; {% endif %}{% endwith %}{% endfor %}each to be paid to {{ L.agreement.party[d.payee-1]|default:L.agreement.party.0 }}{% endif %}{% if s.payment %} by {{ s.payment.method }} no later than {{ s.payment.due_on|ymd:"en" }}{% endif %}.
{% endif %}
{% if s.waiver %}
This agreement settles the complaint once and for all. Once {% if d.payer %}{{ L.agreement.party[d.payer-1] }} has{% elif d.payers %}every paying party has{% else %}the parties have{% endif %} performed it, {{ L.agreement.party[d.payee-1]|default:L.agreement.party.0 }} makes no further claim against the other parties concerning {{ L.agreement.waiver[case.intake.category|default:'other'] }}; this does not affect {{ L.agreement.reserve[case.intake.category|default:'other'] }}.
{% endif %}
{% if s.confidentiality %}
The parties keep the content of this agreement confidential and disclose it to no third party without the others' written consent, except as required by law or by a competent regulator.
{% endif %}
Matters not covered by this agreement are settled by further negotiation; failing agreement, any party may seek mediation or bring the matter before a people's court.
This agreement is made in {% if s.copies %}{{ s.copies }}{% else %}{{ s.parties|length }}{% endif %} copies, one for each party{% if s.copies and s.copies > s.parties|length %}, the rest kept on file{% endif %}, and takes effect when signed (and sealed) by all parties.
{% endwith %}
