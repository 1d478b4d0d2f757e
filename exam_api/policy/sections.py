"""Typed models of the service-language, customer, KPI, points and product sections."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, NonNegativeInt, PositiveInt, model_validator

from exam_api.policy.models import Items, Ruled, Strict

# --- phone etiquette and phrases ------------------------------------------------------------


class Voice(Ruled):
    chars_per_minute: PositiveInt
    pitch: str
    volume: str
    tone: str


class Phone(Strict):
    voice: Voice
    conduct: Items


class PhraseCategory(Strict):
    name: str
    phrases: list[str] = Field(min_length=1)


class Courtesy(Ruled):
    categories: list[PhraseCategory] = Field(min_length=1)


class BasicWords(Ruled):
    words: list[str] = Field(min_length=1)


class PhoneOpening(Ruled):
    greeting: str
    reply_to_caller: str
    address_by_surname: str


class Closing(Ruled):
    phrases: list[str] = Field(min_length=1)
    markers: list[str] = Field(min_length=1)


class AutoReply(Ruled):
    welcome: str
    busy: str


class Forbidden(Ruled):
    words: list[str] = Field(min_length=1)
    better: str


class Absolute(Ruled):
    words: list[str] = Field(min_length=1)
    better_words: list[str] = Field(min_length=1)


class NegativeSentence(Strict):
    says: str
    better: str


class Negative(Ruled):
    sentences: list[NegativeSentence] = Field(min_length=1)


class Address(Ruled):
    prefer: list[str]
    avoid: str


class Phrases(Strict):
    courtesy: Courtesy
    basic: BasicWords
    phone_opening: PhoneOpening
    greetings: list[str] = Field(min_length=1)
    closing: Closing
    auto_reply: AutoReply
    forbidden: Forbidden
    absolute: Absolute
    negative: Negative
    address: Address


# --- complaints, callbacks, customers, daily work -------------------------------------------


class ComplaintFlow(Ruled):
    steps: list[str] = Field(min_length=1)
    intake_form: str
    statistics_form: str


class Steps(Ruled):
    steps: list[str] = Field(min_length=1)


class Principles(Items):
    aspects: list[str]
    aim: str


class RecordForm(Ruled):
    fields: list[str] = Field(min_length=1)


class Complaints(Strict):
    flow: ComplaintFlow
    soothing: Steps
    principles: Principles
    no_conflict: Items
    record: RecordForm
    channels: Items


class CallbackNorms(Ruled):
    avoid: str
    member_coverage_percent: int = Field(ge=0, le=100)
    complete_records: bool
    within_days: PositiveInt


class CallbackFlow(Ruled):
    channels: list[str]
    contents: list[str]
    record_form: str
    report: str


class CallbackScripts(Ruled):
    investor_open: str
    registered_open: str
    close: str


class CallbackOpening(Ruled):
    tips: list[str]


class Callbacks(Strict):
    norms: CallbackNorms
    flow: CallbackFlow
    scripts: CallbackScripts
    opening: CallbackOpening


class CustomerClass(Strict):
    class_: str = Field(alias="class")
    treatment: str


class CustomerAbc(Ruled):
    classes: list[CustomerClass]


class CustomerGroup(Strict):
    group: str
    focus: str


class CustomerGroups(Ruled):
    items: list[CustomerGroup]


class InvestorType(Strict):
    type: str
    treatment: str


class InvestorTypes(Ruled):
    by_behaviour: list[InvestorType]
    by_experience: list[InvestorType]
    self_centred: str


class Maintenance(Ruled):
    service_meetings_per_year: PositiveInt
    old_vs_new: str


class Customers(Strict):
    abc: CustomerAbc
    groups: CustomerGroups
    investor_types: InvestorTypes
    profile: RecordForm
    maintenance: Maintenance


class Weibo(Ruled):
    min_posts_per_day: PositiveInt
    morning_first: str
    afternoon_posts: NonNegativeInt
    new_listing_notice: bool


class NoticeEvent(Strict):
    when: str
    to: str


class Notices(Ruled):
    events: list[NoticeEvent]
    one_channel_only: bool


class Online(Ruled):
    qq_accounts: PositiveInt
    landlines: PositiveInt
    group_members_only_investors: bool


class IdCheck(Ruled):
    image_format: str
    max_image_kb: PositiveInt
    sides: str


class ConsultLog(Ruled):
    fields: list[str]
    weekly_summary: bool


class Daily(Strict):
    weibo: Weibo
    notices: Notices
    online: Online
    id_check: IdCheck
    consult_log: ConsultLog


# --- points and products ----------------------------------------------------------------------


class PointsEarning(Ruled):
    actions: list[str]


class PointsValue(Ruled):
    yuan_per_point: Decimal = Field(gt=0)
    withdrawable: bool
    usable_for_investment: bool


class Points(Strict):
    categories: Items
    earning: PointsEarning
    value: PointsValue


class Guarantee(Ruled):
    ordinary_member: str
    vip_member: str
    fund: str


class WithdrawalMode(Strict):
    name: str
    arrives: str


class WithdrawalSpeed(Ruled):
    modes: list[WithdrawalMode]
    weekends_excluded: bool
    final_word: str


class FeeTier(Strict):
    from_amount: Decimal = Field(ge=0)
    to_amount: Decimal = Field(gt=0)
    to_inclusive: bool
    fee: Decimal = Field(ge=0)


class WithdrawalLimits(Ruled):
    min_amount: Decimal = Field(gt=0)
    max_per_transaction: Decimal = Field(gt=0)
    daily_count_limit: bool
    fee_tiers: list[FeeTier] = Field(min_length=1)
    cutoff_time: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")

    @model_validator(mode="after")
    def _tiers_cover_range(self) -> WithdrawalLimits:
        for before, after in zip(self.fee_tiers, self.fee_tiers[1:], strict=False):
            if before.to_amount != after.from_amount:
                raise ValueError("手续费档位必须首尾相接 (fee_tiers must be contiguous)")
        if self.fee_tiers[-1].to_amount != self.max_per_transaction:
            raise ValueError("最后一档手续费的上限必须等于单笔提现限额 max_per_transaction")
        return self


class Withdrawal(Strict):
    speed: WithdrawalSpeed
    limits: WithdrawalLimits


class NetValue(Ruled):
    max_percent_of_invested: int = Field(gt=0, le=100)
    application_fee: Decimal = Field(ge=0)
    editable_while_bidding: bool
    early_redemption: bool


class Security(Ruled):
    firewall_layers: PositiveInt
    monitoring_hours: PositiveInt


class Guarantor(Ruled):
    name: str
    site_visit_weeks: PositiveInt


class IdVerification(Ruled):
    free_attempts: NonNegativeInt
    retry_fee: Decimal = Field(ge=0)


class TopUp(Ruled):
    alipay_supported: bool
    payment_partner: str
    credit_card_typical_limit: Decimal = Field(gt=0)


class Account(Ruled):
    login_methods: list[str]
    password_reset_by: str
    first_trade_password: str
    can_close_account: bool


class Investment(Ruled):
    min_amount: Decimal = Field(gt=0)
    repeat_allowed: bool
    max: str


class BankCard(Ruled):
    verification: str
    verification_working_days: list[PositiveInt]


class Listing(Ruled):
    audit: str
    repayment_methods: list[str]
    failed_listing_refund: str


class Product(Strict):
    guarantee: Guarantee
    withdrawal: Withdrawal
    net_value: NetValue
    security: Security
    guarantor: Guarantor
    id_verification: IdVerification
    top_up: TopUp
    account: Account
    investment: Investment
    bank_card: BankCard
    listing: Listing


class OnboardingExams(Ruled):
    default_pass_percent: int = Field(ge=0, le=100)
    default_time_limit_minutes: PositiveInt
    multiple_choice_scoring: Literal["all_or_nothing", "partial"]


class Onboarding(Strict):
    exams: OnboardingExams
