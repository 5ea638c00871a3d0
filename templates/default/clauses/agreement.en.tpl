{# Clauses of the settlement agreement: one a line, numbered by the document. #}
{% with s=case.settlement %}
{% for t in s.terms %}
{{ t.text }}{% if t.amount %} Amount: {{ t.amount|money }} ({{ t.amount|amount_words }}).{% endif %}
{% endfor %}
{% if d.settlement_total and d.settlement_total != "0.00" %}
The amounts above total {{ d.settlement_total|money }} ({{ d.settlement_total|amount_words }}){% if s.payment %}, to be paid by Party B to Party A by {{ s.payment.method }} no later than {{ s.payment.due_on|ymd:"en" }}{% endif %}.
{% endif %}
{% if s.waiver %}
This agreement settles the complaint once and for all. Once Party B has performed it, Party A makes no further claim against the other parties concerning the quality of the goods concerned or this complaint; this does not affect any right Party A has by law to claim damages for personal injury the goods may cause in the future.
{% endif %}
{% if s.confidentiality %}
The parties keep the content of this agreement confidential and disclose it to no third party without the others' written consent, except as required by law or by a competent regulator.
{% endif %}
Matters not covered by this agreement are settled by further negotiation; failing agreement, any party may seek mediation or bring the matter before a people's court.
This agreement is made in {% if s.copies %}{{ s.copies }}{% else %}{{ s.parties|length }}{% endif %} copies, one for each party{% if s.copies and s.copies > s.parties|length %}, the rest kept on file{% endif %}, and takes effect when signed (and sealed) by all parties.
{% endwith %}
