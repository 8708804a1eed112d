"""The fixed vocabularies grid workers choose from."""

from __future__ import annotations

from app.models.labels import LabeledEnum


class GridLevel(LabeledEnum):
    BANNER_COUNTY = "banner_county", "旗县", "Banner / county"
    TOWNSHIP = "township", "苏木乡镇", "Sumu / township"
    VILLAGE = "village", "嘎查村", "Gacha / village"


class HouseholdTag(LabeledEnum):
    ELDERLY_ALONE = "elderly_alone", "独居老人", "Elderly living alone"
    LOW_INCOME = "low_income", "低保户", "Low-income (dibao)"
    DISABLED = "disabled", "残疾人", "Disabled member"
    LEFT_BEHIND_CHILDREN = "left_behind_children", "留守儿童", "Left-behind children"
    FLOATING = "floating", "流动人口", "Floating population"
    VETERAN = "veteran", "退役军人", "Veteran"
    OTHER = "other", "其他", "Other"


class Gender(LabeledEnum):
    MALE = "male", "男", "Male"
    FEMALE = "female", "女", "Female"


class VisitType(LabeledEnum):
    ROUTINE = "routine", "日常走访", "Routine visit"
    HOME_SERVICE = "home_service", "上门办", "Home service"
    FOLLOW_UP = "follow_up", "回访", "Follow-up"
    PATROL = "patrol", "巡查", "Patrol"
    POLICY_OUTREACH = "policy_outreach", "政策宣传", "Policy outreach"


class Need(LabeledEnum):
    CHILD_EDUCATION = "child_education", "子女教育", "Child education"
    SOCIAL_SECURITY = "social_security", "社会保障", "Social security"
    HOUSING_RENTAL = "housing_rental", "住房租赁", "Housing rental"
    HEALTH = "health", "医疗健康", "Health"
    EMPLOYMENT = "employment", "就业技能", "Employment and skills"
    LEGAL_AID = "legal_aid", "法律援助", "Legal aid"
    REGISTRATION = "registration", "户籍证件", "Registration and ID services"
    ELDERLY_CARE = "elderly_care", "养老服务", "Elderly care"
    OTHER = "other", "其他", "Other"


class DisputeCategory(LabeledEnum):
    NEIGHBOUR = "neighbour", "邻里纠纷", "Neighbours"
    FAMILY = "family", "婚姻家庭", "Marriage and family"
    GRASSLAND = "grassland", "草场土地承包及边界", "Grassland / land contract and boundary"
    LIVESTOCK_DAMAGE = "livestock_damage", "牲畜损害", "Livestock damage"
    HOMESTEAD = "homestead", "房屋宅基地", "Housing / homestead"
    WAGES = "wages", "劳动报酬", "Wages"
    DEBT = "debt", "债务", "Debt"
    PROPERTY_MANAGEMENT = "property_management", "物业管理", "Property management"
    OTHER = "other", "其他", "Other"


class RiskLevel(LabeledEnum):
    NORMAL = "normal", "一般", "Normal"
    ELEVATED = "elevated", "较大", "Elevated"
    MAJOR = "major", "重大", "Major"


class DisputeStatus(LabeledEnum):
    REGISTERED = "registered", "已登记", "Registered"
    ACCEPTED = "accepted", "已受理", "Accepted"
    MEDIATING = "mediating", "调解中", "Mediating"
    RESOLVED = "resolved", "调解成功", "Resolved"
    REFERRED = "referred", "已移交", "Referred"
    UNRESOLVED_CLOSED = "unresolved_closed", "调解不成已结案", "Closed unresolved"
    WITHDRAWN = "withdrawn", "已撤回", "Withdrawn"
    FOLLOW_UP = "follow_up", "回访中", "In follow-up"
    CLOSED = "closed", "已结案", "Closed"


class ReferralBody(LabeledEnum):
    TOWNSHIP_GOVERNMENT = "township_government", "苏木乡镇政府", "Township government"
    POLICE_STATION = "police_station", "派出所", "Police station"
    JUDICIAL_OFFICE = "judicial_office", "司法所", "Judicial office"
    COURT = "court", "人民法院", "Court"
    LABOUR_ARBITRATION = "labour_arbitration", "劳动人事争议仲裁委员会", "Labour arbitration"
    COMPREHENSIVE_GOVERNANCE = "comprehensive_governance", "综治中心", "Comprehensive governance centre"
    PETITIONS = "petitions", "信访部门", "Petitions and visits office"
    FORESTRY_GRASSLAND = "forestry_grassland", "林草部门", "Forestry and grassland department"
    NATURAL_RESOURCES = "natural_resources", "自然资源部门", "Natural resources department"
    OTHER = "other", "其他单位", "Other body"


class JudicialResult(LabeledEnum):
    """What the court decided on an application for judicial confirmation (司法确认)."""

    CONFIRMED = "confirmed", "已确认", "Confirmed"
    NOT_CONFIRMED = "not_confirmed", "不予确认", "Not confirmed"


class PartyRole(LabeledEnum):
    APPLICANT = "applicant", "申请人", "Applicant"
    RESPONDENT = "respondent", "被申请人", "Respondent"
    OTHER = "other", "其他当事人", "Other party"


class MediationTrack(LabeledEnum):
    PEOPLES = "peoples", "人民调解", "People's mediation"
    ADMINISTRATIVE = "administrative", "行政调解", "Administrative mediation"
    JUDICIAL = "judicial", "司法调解", "Judicial mediation"


class MediationMethod(LabeledEnum):
    ON_SITE = "on_site", "现场调解", "On site"
    OFFICE = "office", "调解室", "At the office"
    PHONE = "phone", "电话调解", "By phone"


class Role(LabeledEnum):
    WORKER = "worker", "网格员", "Grid worker"
    SUPERVISOR = "supervisor", "审核人", "Supervisor"
    ADMIN = "admin", "管理员", "Administrator"


class ReviewState(LabeledEnum):
    PENDING = "pending", "待审核", "Awaiting review"
    RETURNED = "returned", "已退回", "Returned"
    APPROVED = "approved", "已通过", "Approved"


class ReviewDecision(LabeledEnum):
    APPROVED = "approved", "通过", "Approved"
    RETURNED = "returned", "退回", "Returned"


class Residence(LabeledEnum):
    LIVING_HERE = "living_here", "在本地居住", "Living here"
    WORKING_AWAY = "working_away", "外出务工", "Working away"
    FLOATING = "floating", "流入人口（流动人口）", "Moved in (floating population)"


class Presence(LabeledEnum):
    """Whether a resident is still on the household's register: leaving is a life event, not a delete."""

    PRESENT = "present", "在册", "On the register"
    MOVED_OUT = "moved_out", "已迁出", "Moved out"
    DECEASED = "deceased", "已故", "Deceased"


class CareGroup(LabeledEnum):
    ELDERLY_ALONE = "elderly_alone", "独居老人", "Elderly living alone"
    LEFT_BEHIND_CHILD = "left_behind_child", "留守儿童", "Left-behind child"
    LEFT_BEHIND_ELDERLY = "left_behind_elderly", "留守老人", "Left-behind elderly"
    DISABLED = "disabled", "残疾人", "Disabled"
    LOW_INCOME = "low_income", "低保", "Low-income (dibao)"
    EXTREME_POVERTY = "extreme_poverty", "特困", "Extreme poverty support"
    MONITORED = "monitored", "防返贫监测户", "Monitored against relapse into poverty"
    VETERAN = "veteran", "退役军人", "Veteran"
    FLOATING = "floating", "流动人口", "Floating population"
    OTHER = "other", "其他关爱对象", "Other care"


class VisitFrequency(LabeledEnum):
    MONTHLY = "monthly", "每月", "Monthly"
    QUARTERLY = "quarterly", "每季度", "Quarterly"
    YEARLY = "yearly", "每年", "Yearly"


class LifeEventKind(LabeledEnum):
    MOVED_IN = "moved_in", "迁入", "Moved in"
    MOVED_OUT = "moved_out", "迁出", "Moved out"
    DEATH = "death", "死亡", "Death"
    BIRTH = "birth", "出生", "Birth"


class ServiceCategory(LabeledEnum):
    HOUSEHOLD_REGISTRATION = "household_registration", "户籍", "Household registration"
    ID_CARD = "id_card", "身份证", "ID card"
    PENSION_CERTIFICATION = "pension_certification", "社保认证", "Pension certification"
    LOW_INCOME = "low_income", "低保", "Low-income (dibao)"
    MEDICAL_INSURANCE = "medical_insurance", "医保", "Medical insurance"
    EMPLOYMENT = "employment", "就业", "Employment"
    LEGAL_AID = "legal_aid", "法律援助", "Legal aid"
    SCHOOL_ENROLMENT = "school_enrolment", "子女入学", "School enrolment"
    OTHER = "other", "其他", "Other"


class ServiceChannel(LabeledEnum):
    AT_HOME = "at_home", "上门办", "At home"
    BY_APPOINTMENT = "by_appointment", "预约办", "By appointment"
    AT_SERVICE_POINT = "at_service_point", "定点办", "At a service point"
    ONLINE = "online", "网上办", "Online"


class ServiceStatus(LabeledEnum):
    OPENED = "opened", "登记", "Opened"
    IN_PROGRESS = "in_progress", "办理中", "In progress"
    ESCALATED = "escalated", "已上报乡镇", "Escalated to the township"
    DONE = "done", "已办结", "Done"
    CANNOT_BE_DONE = "cannot_be_done", "无法办理", "Cannot be done"


class Satisfaction(LabeledEnum):
    SATISFIED = "satisfied", "满意", "Satisfied"
    FAIRLY_SATISFIED = "fairly_satisfied", "基本满意", "Fairly satisfied"
    DISSATISFIED = "dissatisfied", "不满意", "Dissatisfied"
