-- Rule governance: exemptions (白名单/豁免) with an append-only audit trail, shadow mode (试运行) of
-- rules with its history, and the fire-rate check of every rule execution (命中率突变).
-- Findings are never deleted or changed by governance: views say which findings are withheld from
-- cases (finding_status / finding_withheld), and the case builder and risk features skip those.

create table exemption (
    exemption_id varchar primary key,
    rule_id varchar not null,
    fixmedins_code varchar,
    staff_code varchar,
    psn_no varchar,
    med_list_codg varchar,
    reason varchar not null,
    approver varchar not null,
    doc_no varchar not null,
    valid_from date not null,
    valid_to date not null,
    allow_critical boolean not null default false,
    created_by varchar not null,
    created_at timestamp not null,
    check (coalesce(fixmedins_code, staff_code, psn_no, med_list_codg) is not null),
    check (valid_to >= valid_from)
);
comment on table exemption is '规则豁免(白名单), 只增不改: 撤销记为豁免事件';
comment on column exemption.exemption_id is '豁免编号 | — | EX+登记日期+序号';
comment on column exemption.rule_id is '规则编号 | — | 必填, 只豁免该规则的疑点';
comment on column exemption.fixmedins_code is '定点医药机构编码 | fixmedins_code | 范围, 可空';
comment on column exemption.staff_code is '医务人员编码 | dr_codg | 范围, 可空';
comment on column exemption.psn_no is '人员编号 | psn_no | 范围, 可空';
comment on column exemption.med_list_codg is '医保目录编码 | med_list_codg | 范围, 可空; 疑点全部违规项均为该项目时适用';
comment on column exemption.reason is '豁免理由 | — | 必填';
comment on column exemption.approver is '批准人 | — | 必填';
comment on column exemption.doc_no is '批准文号 | — | 必填';
comment on column exemption.valid_from is '有效期起 | — | 疑点发生日期 ≥ 该日';
comment on column exemption.valid_to is '有效期止 | — | 必填, 含当日; 最长期限见 config/governance.yaml';
comment on column exemption.allow_critical is '允许豁免严重明确违规 | — | 仅配置允许时为真';
comment on column exemption.created_by is '登记人 | — | 账号';
comment on column exemption.created_at is '登记时间 | — | 时间戳';

create table exemption_event (
    event_id varchar primary key,
    exemption_id varchar not null,
    seq integer not null,
    action varchar not null,
    actor varchar not null,
    event_at timestamp not null,
    effective_date date,
    reason varchar not null,
    payload json
);
comment on table exemption_event is '豁免审计事件(只增不改): 谁、何时、做了什么、为什么';
comment on column exemption_event.action is '动作 | — | add登记 revoke撤销';
comment on column exemption_event.effective_date is '生效日期 | — | 撤销: 自该日(含)起不再豁免';

-- Each exemption with its revocation (the first revoke event) and the last event date it covers.
create view exemption_state as
select
    x.*,
    r.effective_date as revoked_from,
    r.event_at as revoked_at,
    r.actor as revoked_by,
    r.reason as revoke_reason,
    case when r.effective_date is null then x.valid_to
         else least(x.valid_to, cast(r.effective_date - interval 1 day as date)) end as applies_to
from exemption as x
left join (
    select exemption_id, effective_date, event_at, actor, reason,
           row_number() over (partition by exemption_id order by seq) as rn
    from exemption_event
    where action = 'revoke'
) as r on r.exemption_id = x.exemption_id and r.rn = 1;

-- Findings covered by an exemption valid on their event date (undated: the date first found).
-- Every scope column set on the exemption must match; an item scope matches when every 违规项 line
-- of the finding bills that item.  明确违规 findings of severity critical are covered only by an
-- exemption registered while the configuration allowed it.  Lowest exemption id wins.
create view finding_exemption as
with candidate as (
    select f.finding_id, x.exemption_id, x.med_list_codg
    from exemption_state as x
    join finding as f on f.rule_id = x.rule_id
    where (x.fixmedins_code is null or f.fixmedins_code = x.fixmedins_code)
        and (x.staff_code is null or f.staff_code = x.staff_code)
        and (x.psn_no is null or f.psn_no = x.psn_no)
        and coalesce(f.event_date, cast(f.created_at as date)) between x.valid_from and x.applies_to
        and (x.allow_critical or not (f.result_type = '明确违规' and f.severity = 'critical'))
),
item_match as (
    select c.finding_id, c.exemption_id
    from candidate as c
    join finding_line as fl on fl.finding_id = c.finding_id and fl.vola_item_type = '1'
    left join fee_line as l on l.setl_id = fl.setl_id and l.feedetl_sn = fl.feedetl_sn
    where c.med_list_codg is not null
    group by c.finding_id, c.exemption_id, c.med_list_codg
    having bool_and(coalesce(l.med_list_codg = c.med_list_codg, false))
),
covered as (
    select finding_id, exemption_id from candidate where med_list_codg is null
    union all
    select finding_id, exemption_id from item_match
)
select finding_id, min(exemption_id) as exemption_id, count(*)::integer as n_exemptions
from covered
group by finding_id;

create table rule_mode_event (
    event_id varchar primary key,
    rule_id varchar not null,
    mode varchar not null,
    changed_at timestamp not null,
    run_id varchar,
    actor varchar not null,
    source varchar not null,
    reason varchar not null
);
comment on table rule_mode_event is '规则发布状态变更(只增不改): 试运行/正式运行, 来自 config/governance.yaml';
comment on column rule_mode_event.mode is '发布状态 | — | shadow试运行 live正式运行';
comment on column rule_mode_event.changed_at is '变更时间 | — | 此后首次发现的疑点按新状态处理';

-- Mode periods per rule: [mode_from, mode_to).
create view rule_mode_period as
select rule_id, mode, reason, actor, changed_at as mode_from,
       lead(changed_at) over (partition by rule_id order by changed_at, event_id) as mode_to
from rule_mode_event;

create view rule_mode_current as
select rule_id, mode, reason, actor, mode_from
from rule_mode_period
where mode_to is null;

-- Findings first found while their rule was in shadow mode (试运行): stored and reported, no cases.
create view finding_shadow as
select f.finding_id
from rule_mode_period as p
join finding as f on f.rule_id = p.rule_id
where p.mode = 'shadow' and f.created_at >= p.mode_from
    and (p.mode_to is null or f.created_at < p.mode_to);

-- Findings kept out of cases and risk features (small: only exempt and shadow findings).
create view finding_withheld as
select finding_id from finding_exemption
union
select finding_id from finding_shadow;

-- Every finding with its governance status: exempt (with the exemption id), shadow or active.
create view finding_status as
select
    f.finding_id,
    f.rule_id,
    case when x.finding_id is not null then 'exempt'
         when s.finding_id is not null then 'shadow'
         else 'active' end as status,
    x.exemption_id
from finding as f
left join finding_exemption as x on x.finding_id = f.finding_id
left join finding_shadow as s on s.finding_id = f.finding_id;

create table rule_fire_rate (
    run_id varchar not null,
    rule_id varchar not null,
    rule_version integer not null,
    n_hits bigint,
    n_input_rows bigint,
    hit_rate double,
    baseline_rate double,
    n_history integer not null,
    expected_hits double,
    status varchar not null,
    computed_at timestamp not null,
    primary key (run_id, rule_id)
);
comment on table rule_fire_rate is '规则命中率监测(每次规则阶段每条规则一行)';
comment on column rule_fire_rate.hit_rate is '命中率 | — | 每万条输入记录的命中数';
comment on column rule_fire_rate.baseline_rate is '基线命中率 | — | 此前若干次运行命中率的中位数';
comment on column rule_fire_rate.n_history is '基线运行次数 | — | ≥0';
comment on column rule_fire_rate.expected_hits is '按基线预期命中数 | — | 基线×本次输入行数/10000';
comment on column rule_fire_rate.status is '命中率状态 | — | ok正常 zero归零 drop骤降 surge激增 no_history历史不足 not_evaluated未评估';

insert into code_list (code_type, code, label_zh) values
    ('rule_mode', 'live', '正式运行'), ('rule_mode', 'shadow', '试运行'),
    ('finding_status', 'active', '有效'), ('finding_status', 'exempt', '已豁免'),
    ('finding_status', 'shadow', '试运行'),
    ('fire_rate_status', 'ok', '正常'), ('fire_rate_status', 'zero', '命中率突变(归零)'),
    ('fire_rate_status', 'drop', '命中率突变(骤降)'), ('fire_rate_status', 'surge', '命中率突变(激增)'),
    ('fire_rate_status', 'no_history', '历史不足'), ('fire_rate_status', 'not_evaluated', '未评估'),
    ('exemption_status', 'pending', '未生效'), ('exemption_status', 'active', '生效中'),
    ('exemption_status', 'expired', '已到期'), ('exemption_status', 'revoked', '已撤销'),
    ('exemption_action', 'add', '登记'), ('exemption_action', 'revoke', '撤销');
