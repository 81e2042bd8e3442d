-- An admission may be plain: its conditions (admission, integration) are optional (issue 19,
-- item 11). The decision is still reasoned by its facts and needs, whatever its outcome.
ALTER TABLE "admission_decision" DROP CONSTRAINT "admission_decision_reasons_ck";--> statement-breakpoint
ALTER TABLE "admission_decision" ADD CONSTRAINT "admission_decision_reasons_ck" CHECK (length("admission_decision"."facts") >= 10 and length("admission_decision"."needs") >= 10 and case "admission_decision"."outcome"
        when 'accepted' then true
        when 'refused' then "admission_decision"."refusal_reasons" is not null
        when 'redirected' then "admission_decision"."redirected_to" is not null and "admission_decision"."redirect_reason" is not null
        when 'waiting_list' then "admission_decision"."waiting_priority" is not null and "admission_decision"."waiting_reason" is not null
        else false end);
