"""The project's own petition texts, for when the real message corpus is not at hand.

Each template belongs to a content class (by code) and reads like what petitioners write:
who they are, what happened, since when, whom they asked, what they want. Slots are
filled from the caller's `random.Random`, lazily and once per text, so one text stays
consistent (the same company, the same sums) and one seed gives the same text.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from xinfang.demo import people
from xinfang.demo.places import CITY_NAME, COUNTIES


@dataclass(frozen=True)
class Template:
    class_code: str
    title: str
    content: str
    demands: str
    purpose: str = "request"  # petitions.Purpose value
    # Who can have written it: the petitioner's sex ("" = either) and age range, so a widow
    # is a woman and a retiree is old.
    sex: str = ""
    ages: tuple[int, int] = (20, 76)


@dataclass(frozen=True)
class Text:
    class_code: str
    title: str
    content: str
    demands: str
    purpose: str


T = Template
TEMPLATES: tuple[Template, ...] = (
    # 城乡建设
    T("1205", "{estate}电梯长期故障，物业公司推诿不修",
      "尊敬的领导：我是{county}{road}{estate}的业主。小区{building}栋电梯自{year}年{month}月以来"
      "多次故障停运，最长一次停了{days}天，楼上住着不少老人和小孩，上下楼非常困难。业主多次找"
      "{property}反映，对方以维修资金不足为由一拖再拖，物业费却照收不误。{households}户业主联名"
      "要求物业公布专项维修资金的使用情况，至今没有答复。",
      "请住建部门督促物业公司尽快修复电梯，公开专项维修资金收支，并对其服务质量进行考核。"),
    T("1205", "{property}擅自上调物业费并占用公共车位收费",
      "我们是{county}{estate}的业主。{property}在未召开业主大会、未征得业主同意的情况下，从"
      "{year}年{month}月起把物业费从每平方米{fee_old}元上调到{fee_new}元，同时把小区道路两侧"
      "的公共区域划成车位，每月收取停车费{parking}元。业主认为公共部位属于全体业主共有，收益"
      "应归业主，多次找社区和街道反映，均答复让业主与物业自行协商。",
      "请求责令物业公司停止违规收费，退还多收费用，公开公共收益账目。"),
    T("120203", "{estate}交房{years}年仍办不了不动产权证",
      "我们是{county}{estate}的购房户，共{households}户。开发商{developer}于{since_year}年交房，合同"
      "约定交房后两年内办好不动产权证书。现在已经过去{years}年，开发商以土地出让金未缴清为由"
      "迟迟不办，我们到不动产登记中心询问，答复是项目还没有完成竣工验收备案。我们买房时已全款"
      "付清，孩子上学、抵押贷款都因此受到影响。",
      "请求政府协调开发商和有关部门，尽快为业主办理不动产权证书，并追究开发商的违约责任。"),
    T("120202", "{developer}延期交房且拒付违约金",
      "本人于{year}年{month}月购买了{developer}开发的{estate}{building}栋住房一套，总价"
      "{house_price}万元，合同约定{deliver_year}年底交房。到期后项目主体虽已完工，但消防、"
      "供水供电都未验收，开发商一再推迟交房时间，也不按合同支付逾期违约金。我们{households}户"
      "业主多次到售楼部协商，对方负责人避而不见。",
      "请住建部门督促开发商尽快完成验收交房，依照合同支付违约金。"),
    T("1203", "{road}片区房屋征收补偿标准明显偏低",
      "我家位于{county}{road}{house_no}号，是{build_year}年建成的{floors}层砖混房屋，建筑面积约"
      "{area}平方米，有合法的房屋所有权证。今年{month}月该片区列入棚户区改造征收范围，评估公司"
      "给出的补偿单价只有每平方米{price}元，远低于周边同类房屋的市场价格，评估时也没有让被征收"
      "人协商选定评估机构。征收工作人员多次上门催促签约，称不签就依法申请强制执行。",
      "请求依法重新评估，按照类似房地产的市场价格给予补偿，并妥善安排过渡安置。"),
    T("1203", "{project}安置房迟迟不能交付，过渡费停发",
      "{year}年我家老房子被{project}征收，签约时约定选择产权调换，安置房{deliver_year}年交付，"
      "交付前每月发放过渡费{transit}元。现在安置小区还是一片工地，征收部门从去年{month}月起"
      "停发了过渡费，我们一家{family}口人只能租房住，老人身体也不好，经济压力很大。",
      "请求尽快建成交付安置房，补发并按月发放过渡费。"),
    T("120403", "{project}工地夜间施工噪音扰民",
      "{company}承建的{project}工地紧挨着我们{estate}，近两个月来经常在晚上十点以后施工，"
      "混凝土泵车和渣土车一直响到凌晨一两点，居民根本无法休息。工地围挡破损，渣土车带泥上路，"
      "周边道路尘土飞扬。我们多次拨打投诉电话，工地停一两天又恢复原样。",
      "请求住建、城管部门依法查处夜间违规施工，落实扬尘治理措施。"),
    T("120401", "{road}路面破损积水多年无人维修",
      "{county}{road}从{landmark}到{road2}路口一段，路面坑洼不平，下水道堵塞，一下雨就积水"
      "没过脚踝，附近学生上下学只能绕行，电动车摔倒的事情时有发生。周边居民多次向社区和城管"
      "部门反映，得到的答复都是已经上报、等待资金安排。",
      "请求尽快安排资金维修路面、疏通排水管网。", "suggest"),
    T("120402", "{estate}频繁停水，供水压力不足",
      "我们{estate}共有{households}户居民，入住以来高层住户经常停水，{month}月以来几乎每天晚上"
      "七点到十点都没有水，二次供水设施由开发商移交后没人管理。我们找过供水公司，供水公司说"
      "二次供水设施没有移交给他们，物业则说不归物业管。",
      "请求明确二次供水设施的管理责任单位，尽快解决居民用水问题。"),
    T("1201", "{estate}旁新建项目涉嫌违反规划遮挡采光",
      "我们{estate}{building}栋南面正在建设的{project}，据我们了解原规划为{floors_plan}层，现在"
      "已经建到{floors_now}层，楼间距明显不足，冬季底层住户全天照不到太阳。业主要求查看规划"
      "许可和审批资料，建设单位不予理睬。",
      "请求自然资源和规划部门核查该项目是否按规划许可建设，对违规部分依法处理。"),
    # 劳动和社会保障
    T("110201", "{company}拖欠{workers}名工人工资共计{wages}元",
      "我们是在{county}{project}务工的农民工，共{workers}人，主要做{trade}。{year}年{month}月"
      "进场施工，工程已经完工，但承包方{company}至今拖欠我们工资共计{wages}元。我们多次找到"
      "项目负责人{boss}讨要，对方先说建设单位的工程款没有拨付，后来干脆不接电话。快到年底了，"
      "大家家里老人看病、孩子上学都等着这笔钱。",
      "请求人社部门依法督促用工单位和总承包方足额支付拖欠的工资。", ages=(20, 64)),
    T("110201", "{project}包工头失联，{trade}工资讨要无果",
      "本人{year}年在{county}{company}承包的{project}做{trade}，干了{months}个月，工资约定每天"
      "{daily}元，共应得{my_wages}元，只领到生活费{advance}元。现在包工头{boss}电话关机、人也"
      "找不到，总承包方说已经把钱付给包工头了，不管我们的事。和我情况一样的还有{workers}人。",
      "请求依照《保障农民工工资支付条例》由总承包单位先行清偿工资。", ages=(20, 64)),
    T("110301", "{firm}未依法为职工缴纳养老保险",
      "我在{firm}工作了{years}年，签订了劳动合同，但公司一直没有给我缴纳养老保险。前不久我到"
      "社保经办机构查询，缴费记录只有{months}个月。找公司负责人，对方说工资里已经包含了社保"
      "补贴，让我自己去交。我今年{age}岁了，担心以后缴费年限不够，领不到养老金。",
      "请求责令公司依法为我补缴养老保险费。", ages=(30, 58)),
    T("110303", "{firm}拒不支付工伤待遇",
      "我于{year}年{month}月在{firm}上班时被机器压伤右手，经人社部门认定为工伤，劳动能力鉴定"
      "为九级伤残。单位没有给我参加工伤保险，按规定应由单位支付一次性伤残补助金等待遇，但单位"
      "只付了{advance}元医药费，其余一概不认，还让我自动辞职。",
      "请求督促单位依法支付工伤保险待遇。", ages=(20, 60)),
    T("1104", "{old_factory}退休人员养老金核定有误",
      "本人{year_retire}年从{old_factory}退休，{years_work}年的工龄中有一段下乡知青经历，当时单位"
      "出具了证明，但社保经办机构核定养老金时没有计算这段视同缴费年限，每月少发{pension_gap}元。"
      "我多次去咨询，每次都说需要原始档案，而原单位早已改制，档案不知下落。",
      "请求重新核定我的视同缴费年限和养老金待遇。", ages=(62, 76)),
    T("110101", "被{firm}无故辞退，未获经济补偿",
      "我于{year_join}年进入{firm}工作，一直在{post}岗位，签有无固定期限劳动合同。今年{month}月"
      "公司以业务调整为由口头通知我不用来上班了，没有书面通知，也不支付经济补偿，还扣了我最后"
      "一个月的工资。我去找人事部门理论，对方说可以去告。",
      "请求依法支付解除劳动合同的经济补偿和拖欠的工资。", ages=(22, 58)),
    # 自然资源
    T("0701", "{town}{village}征地补偿款迟迟不到位",
      "{year}年{month}月，{project}征收我们{village}{zu}集体土地共{mu}亩，其中我家承包地{my_mu}亩。"
      "当时镇村干部承诺补偿款三个月内发放到户，但到现在只发了一半，剩下的说要等项目资金到位。"
      "村里公示的征地面积和实际丈量的面积对不上，村民多次要求查看征地批复和补偿方案，村委会"
      "以各种理由推脱。",
      "请求公开征地批复和补偿安置方案，足额发放征地补偿款。"),
    T("0702", "{village}{zu}宅基地被邻居强占，要求纠正确权登记",
      "我家位于{county}{town}{village}{zu}，祖上留下的宅基地有{year_old}年的土地登记卡为证。"
      "{year}年邻居{person2}建新房时占用了我家宅基地约{sqm}平方米，村组调解了几次都没有结果。"
      "现在搞房地一体确权登记，村里却把这块地登记到了对方名下。",
      "请求依法调查，纠正错误的确权登记，恢复我家宅基地使用权。"),
    T("0703", "{village}有人在基本农田上违法建房",
      "我们{town}{village}{zu}有村民在永久基本农田上违法修建房屋和厂棚，面积约{sqm}平方米，"
      "从{month}月开始打地基，现在已经建到第二层。村民向镇政府反映后，镇里来人看了一次就没有"
      "下文，工程一直没有停。",
      "请求依法制止违法占地建房，恢复耕地原状。", "suggest"),
    T("0704", "在{county}办理不动产登记多次被要求补材料",
      "我于{year}年购买了{county}{road}的一套二手房，办理过户时不动产登记中心先后{times}次要求"
      "补交材料，每次说法都不一样，最近一次要求原房主出具二十多年前的建房审批材料，原房主已经"
      "去世，根本无法提供。",
      "请求一次性告知所需材料，依法为我办理不动产转移登记。"),
    T("0705", "{river}{village}段非法采砂破坏河道",
      "{river}{town}{village}段近来每天晚上都有采砂船作业，河岸被挖得坍塌，村里的灌溉渠也被冲毁。"
      "村民怀疑他们没有采砂许可，晚上作业就是为了躲避检查。",
      "请求有关部门依法查处非法采砂，修复受损河岸和灌溉设施。", "suggest"),
    # 涉法涉诉
    T("0202", "民事判决生效{years}年仍未执行到位",
      "我与{person2}民间借贷纠纷一案，经{court}于{since_year}年作出判决，判令对方偿还借款{debt}万元"
      "及利息。判决生效后对方拒不履行，我向法院申请强制执行，至今已经{years}年，仅执行到位"
      "{paid}元。据我了解被执行人名下有房产和车辆，我多次向执行法官提供线索，法院答复正在处理。",
      "请求督促法院加大执行力度，依法处置被执行人财产。", "appeal"),
    T("0201", "不服{court}交通事故赔偿判决",
      "{year}年{month}月，我父亲在{road}被{person2}驾驶的货车撞伤，落下终身残疾。{court}判决"
      "对方只承担百分之{share}的责任，赔偿金额也远低于实际损失。我们认为事故认定和判决都有错误，"
      "上诉后被驳回。",
      "请求依法启动再审程序，重新认定责任和赔偿数额。", "appeal"),
    T("0203", "不服与{firm}劳动争议的仲裁裁决",
      "我在{firm}工作{years}年，被公司以严重违纪为由解除劳动合同。我申请劳动仲裁，仲裁委认定"
      "公司解除合法，驳回了我的请求。公司所谓的违纪只是一次请假手续不全，我认为裁决认定事实"
      "不清。",
      "请求依法纠正仲裁裁决，支持我的合法诉求。", "appeal", ages=(22, 60)),
    # 卫生健康
    T("1501", "{hospital}手术后出现严重并发症，要求查明责任",
      "我母亲{mother_age}岁，{year}年{month}月因胆结石在{hospital}做微创手术，术后第二天出现高烧和腹痛，"
      "医生说是正常反应。三天后病情加重转到上级医院，诊断为胆管损伤，又做了两次手术，花费"
      "{medical}万元。我们要求{hospital}复印完整病历，院方拖了半个月才给，而且部分记录明显是"
      "事后补写的。",
      "请求卫健部门组织医疗事故技术鉴定，依法处理并赔偿损失。", ages=(28, 62)),
    T("1503", "{hospital}检查项目重复收费",
      "本人{month}月在{hospital}住院{days}天，出院结算时发现费用清单上有多项检查重复收费，"
      "还有没有做过的项目。向收费处询问，工作人员态度恶劣，让我自己去找科室，科室又推回收费处。",
      "请求核查住院费用，退还多收的费用。"),
    T("1504", "{town}独生子女父母奖励扶助金停发",
      "我和爱人是{town}{village}的农村独生子女父母，{year_cert}年领取了独生子女父母光荣证，"
      "从年满60周岁起每年享受奖励扶助金。但从{year}年起扶助金突然停发，乡镇说是系统里信息"
      "比对不上，让我们等通知，已经等了一年多。",
      "请求核实我们的资格，补发奖励扶助金。", ages=(61, 76)),
    T("1502", "{town}卫生院附近医疗废物随意堆放",
      "{town}卫生院后门的空地上经常堆放用过的输液袋、针头等医疗废物，有时就和生活垃圾混在"
      "一起，附近小孩常在那里玩耍，周围居民很担心。",
      "请求卫健部门督促卫生院规范处置医疗废物。", "suggest"),
    # 民政与应急
    T("2001", "{town}{village}困难家庭申请低保未获批准",
      "我今年{age}岁，丈夫前年因病去世，我本人患有{disease}，常年吃药，一个孩子在读高中，家里"
      "没有固定收入。{year}年{month}月我向{town}提出低保申请，入户调查后村里评议没有通过，"
      "而村里有几户家里有车有房的却享受了低保。",
      "请求重新核查我家情况，依法纳入最低生活保障，并对村里低保评定进行清查。",
      sex="F", ages=(36, 60)),
    T("2002", "{town}{old_age}岁老人高龄津贴停发",
      "我父亲今年{old_age}岁，住在{county}{town}{village}，按政策一直享受高龄津贴。今年{month}月"
      "起津贴停发了，村里说是民政系统核查人员信息时出了问题，让我们等。已经过去几个月了，"
      "没有任何消息。",
      "请求尽快核实并补发高龄津贴。", ages=(45, 70)),
    T("2003", "{firm}仓库存放危险化学品存在安全隐患",
      "{county}{road}{firm}的仓库里堆放了大量油漆、稀释剂等易燃物品，仓库紧挨着居民楼，"
      "消防通道被货物堵住，晚上还有人在仓库门口抽烟。居民担心一旦发生火灾后果不堪设想。",
      "请求应急管理、消防部门检查并督促整改。", "suggest"),
    # 农村农业
    T("1301", "{firm}拖欠{village}土地流转费两年未付",
      "{year}年我们{village}{zu}{households}户村民把{mu}亩承包地流转给{firm}种植{crop}，合同约定"
      "每亩每年流转费{rent}元。公司头一年按时付了钱，之后两年分文未付，地也荒着没人种，村民"
      "想收回土地自己种，公司又不同意解除合同。",
      "请求督促公司支付拖欠的流转费，或依法解除流转合同返还土地。"),
    T("1302", "{village}水库移民后期扶持资金未足额发放",
      "我们是{reservoir}库区的移民，按政策每人每年享受后期扶持资金600元。{village}这几年"
      "一直只发一部分，村干部说剩下的用于村里的项目建设，但村民从来没看到过项目公示。",
      "请求核查移民后扶资金的发放和使用情况，足额发放到人。"),
    T("1304", "{village}村务财务长期不公开",
      "我们{town}{village}近三年来村务财务从不公开，村集体的山林承包款、项目补偿款有多少、"
      "用在哪里，村民一概不知。村民代表多次要求查账，村委会主任总是说等镇里审计了再说。",
      "请求镇里组织对村财务进行审计，并按规定定期公开村务财务。", "suggest"),
    T("1305", "{town}{village}耕地地力保护补贴被冒领",
      "我家在{town}{village}有承包地{my_mu}亩，但近几年的耕地地力保护补贴一直没有打到我的"
      "一卡通上。到镇财政所查询，发现补贴发到了别人的账户上。",
      "请求查清补贴去向，补发我家应得的补贴。"),
    # 政法
    T("010101", "{village}有人聚众赌博，派出所处置不力",
      "{town}{village}村口的{shop}这半年来经常有人聚众赌博，从下午一直打到深夜，赌资动辄上万元。"
      "已经有几户人家因为赌博欠债闹得家里不得安宁。我们打过报警电话，派出所来过一次，赌博"
      "的人提前得到消息都跑了。",
      "请求公安机关依法打击赌博违法活动。", "suggest"),
    T("010103", "投靠配偶迁户口到{town}被多次拒绝",
      "我因婚姻关系需要把户口从{home_county}迁到{county}{town}，材料都齐全，派出所却以户口"
      "迁入地没有住房为由不予办理。按照现行政策，投靠配偶落户并不要求本人名下有住房。",
      "请求依照政策为我办理户口迁移。", ages=(20, 45)),
    T("010401", "向{county}法律援助中心申请法律援助被拒",
      "我在外地打工时受伤，老板不赔偿，我想起诉但请不起律师。向{county}法律援助中心申请法律"
      "援助，对方说我的案件不在援助范围，没有给出书面答复。",
      "请求依法为我提供法律援助，并出具书面决定。", ages=(20, 60)),
    # 生态环境
    T("1701", "{firm}夜间偷排刺鼻废气",
      "{county}{town}的{firm}每天晚上十点以后排放刺鼻的废气，附近{village}和{estate}的居民"
      "晚上不敢开窗，不少老人和小孩出现咳嗽、喉咙痛的症状。白天检查的时候厂里就停产，"
      "检查的人一走又开始生产。",
      "请求生态环境部门夜间突击检查，依法查处偷排行为。", "suggest"),
    T("1702", "养殖场污水直排{river}支流",
      "{town}{village}的一家生猪养殖场没有建污水处理设施，粪污直接排进小溪，流入{river}。"
      "下游村民的井水都有了臭味，稻田里的秧苗也被污水熏死了一片。",
      "请求依法责令养殖场建设污染防治设施，赔偿村民损失。"),
    T("1703", "{estate}楼下商铺噪音扰民",
      "我们{estate}临街一楼新开了一家{shop}，每天晚上营业到凌晨两三点，音响声、划拳声不断，"
      "楼上住户严重失眠。我们多次与店主沟通，也报过警，情况只能好转几天。",
      "请求有关部门依法查处噪音扰民行为。"),
    T("1704", "{village}附近垃圾填埋场渗滤液污染",
      "{town}垃圾填埋场离我们{village}不到一公里，夏天臭气熏天，下雨天渗滤液顺着山沟流进水田。"
      "村民多次要求搬迁或者整改，一直没有结果。",
      "请求对填埋场进行环境监测并限期整改。"),
    # 教育
    T("090101", "{estate}孩子入学划片不合理，舍近求远",
      "我家住在{county}{road}{estate}，离{school}只有几百米，今年孩子上一年级却被划到两公里外"
      "的学校，上学要穿过两条主干道。我们小区的房产证、户口都齐全，而马路对面小区的孩子却能"
      "就近入学。",
      "请求教育部门公开划片依据，合理调整学区，保障就近入学。", ages=(26, 45)),
    T("0902", "{town}原代课教师生活补助未落实",
      "我在{town}的村小代课{years_work}年，后来被清退。按照省里的政策，原民办代课教师可以按"
      "教龄领取生活补助，我提交申请已经一年多，教育局说材料还在审核。",
      "请求按政策落实原代课教师生活补助。", ages=(45, 70)),
    T("090103", "{school}违规收取补课费",
      "{school}以“自愿补课”的名义组织学生周末和假期补课，每生每学期收费{fee_school}元，"
      "不交钱的学生被班主任单独谈话。家长们敢怒不敢言。",
      "请求教育部门查处违规收费和有偿补课，退还已收费用。", "suggest"),
    # 交通运输
    T("1801", "{village}通组公路修了一半停工",
      "{year}年{town}{village}通组公路开工建设，全长{km}公里，修到一半就停工了，路基挖开后一直"
      "没有硬化，一下雨满路泥浆，摩托车都过不去，村民卖{crop}只能肩挑背扛。",
      "请求尽快复工，完成公路硬化。"),
    T("1802", "{route}路公交车班次少、间隔长",
      "{county}{route}路公交车是附近几个小区和{town}居民进城的唯一线路，最近减少了班次，高峰期"
      "等车要四十多分钟，末班车六点就收班，上夜班的居民下班后只能打车。",
      "请求增加{route}路班次，延长末班时间。", "suggest"),
    # 退役军人事务
    T("2102", "{year_army}年入伍退役士兵安置待遇未落实",
      "我于{year_army}年入伍，服役{army_years}年后退役回到{county}。按政策应享受的一次性经济"
      "补助和安置待遇一直没有落实，我多次到退役军人事务局询问，答复是要等档案核查。",
      "请求按政策落实退役士兵安置待遇。", ages=(22, 42)),
    T("2101", "{village}参战退役人员优抚补助被停发",
      "我父亲是参战退役人员，住在{town}{village}，一直按月领取定期抚恤补助。今年{month}月起"
      "补助突然停发，村里说是身份信息比对有问题，但没人告诉我们该怎么办。",
      "请求核实我父亲的优抚对象身份，恢复并补发补助。", ages=(35, 62)),
    # 经济管理
    T("2202", "{firm}以高息理财为名非法集资",
      "{firm}打着投资理财的旗号，承诺年收益百分之{interest}，在{county}发展了大量客户，其中多是"
      "退休老人。我投入了{debt}万元，今年{month}月起公司停止兑付，办公室人去楼空。",
      "请求公安机关立案侦查，追缴资金，维护投资群众的合法权益。", ages=(40, 76)),
    T("2201", "{old_factory}改制职工身份置换补偿未兑现",
      "我原是{old_factory}职工，{year_retire}年企业改制时签了身份置换协议，约定补偿金{comp}元，"
      "当时只付了三分之一，余款说等资产处置完再付，至今已经多年。",
      "请求督促改制企业和主管部门兑现身份置换补偿。", ages=(50, 76)),
    # 市场监管
    T("2401", "{shop}预付卡关门跑路，消费者无法退费",
      "我在{county}{road}的{shop}办了一张{card}元的预付卡，只用了几次，上个月店铺突然关门，"
      "老板联系不上。和我一样办卡的有上百人，金额从几百到几千元不等。",
      "请求市场监管部门依法处理，帮助消费者追回预付款。"),
    T("2402", "{shop}出售过期食品",
      "我{month}月在{county}{road}的{shop}购买的牛奶，回家后发现已经过期{days}天，找商家退换，"
      "对方态度恶劣，只同意退货不同意赔偿。",
      "请求依法查处销售过期食品行为，责令商家按规定赔偿。"),
    T("2403", "{estate}燃气开户费收费过高",
      "我们{estate}交房时，燃气公司按每户{gas_fee}元收取开户费，据了解这项费用早已被明令取消，"
      "燃气公司却以安装材料费的名义继续收取。",
      "请求价格主管部门核查燃气收费是否合规，退还违规收费。"),
    # 党务政务
    T("0501", "在{county}政务服务中心办理执照变更跑了{times}趟",
      "我为了办理营业执照经营范围变更，到{county}政务服务中心跑了{times}趟，每次窗口都说缺材料，"
      "但从来不一次性告知，最后一次又说系统升级办不了。",
      "请求落实一次性告知制度，提高办事效率。", "suggest"),
    T("0502", "{town}工作人员推诿扯皮",
      "我到{town}办理林权证相关证明，分管的工作人员一直说不归他管，让我去找村里，村里又说要"
      "镇里盖章，来回折腾了一个多月，事情还是没有办成。",
      "请求督促有关工作人员依法履职。"),
    # 组织人事、文体旅游、科技、军队事务、其他
    T("2501", "{year}年{county}事业单位招聘面试涉嫌不公",
      "我参加了{year}年{county}事业单位公开招聘考试，笔试成绩排名第一，面试后总成绩却排到第三。"
      "据了解，录取的考生与面试考官有亲属关系，面试考官没有执行回避规定。",
      "请求组织人事部门调查面试过程，公开面试评分情况。", "appeal", ages=(21, 35)),
    T("1001", "{estate}旁广场舞音响噪音大",
      "每天晚上七点到十点，{estate}旁边的小广场上有几支广场舞队同时播放音乐，音量很大，"
      "楼上学生无法学习，上夜班的人无法休息。",
      "请求文体、城管部门规范广场舞活动时间和音量。", "suggest"),
    T("1002", "{county}某景区门票从{ticket_old}元涨到{ticket_new}元",
      "{county}某景区今年擅自把门票从{ticket_old}元提高到{ticket_new}元，还强制游客购买观光车票，"
      "不买不让进。",
      "请求有关部门核查景区门票定价。", "suggest"),
    T("0301", "{village}手机信号差，宽带无法接入",
      "我们{town}{village}地处山区，手机信号时有时无，家里老人打电话要走到山坡上，孩子上网课"
      "更是困难。我们向通信公司申请宽带接入，答复是线路不通、用户太少。",
      "请求协调通信运营商建设基站，解决信号覆盖和宽带接入问题。", "suggest"),
    T("2601", "{village}与部队营区相邻山林权属纠纷",
      "我们{village}{zu}与部队营区相邻的一块山林，村民祖辈耕种，近来营区扩建围墙把这块地围了"
      "进去，村民的果树也被砍掉。",
      "请求有关部门协调，依法确认土地权属并给予补偿。"),
    T("2701", "咨询{year}年城乡居民医保缴费政策",
      "我是{county}{town}居民，在外地灵活就业，想问一下今年城乡居民医保个人缴费标准是多少，"
      "在外地能不能线上缴费，断缴后补缴有没有等待期。",
      "请给予政策解答。", "consult"),
    T("2702", "建议在{road}增设人行横道和红绿灯",
      "{county}{road}与{road2}交叉口车流量大，附近有学校和菜市场，却没有人行横道和红绿灯，"
      "行人过马路非常危险，前不久还发生过一起交通事故。",
      "建议有关部门尽快增设人行横道和交通信号灯。", "suggest"),
    # 纪检监察（检举控告）
    T("0401", "检举{accused_unit}{accused_post}{accused}违规套取补贴",
      "我要检举{accused_unit}{accused_post}{accused}。{accused}利用职务便利，在{project}中虚报冒领"
      "补贴，把不符合条件的亲属也列入补贴名单，涉及金额约{debt}万元。有关情况群众都看在眼里，"
      "但大家怕遭打击报复，不敢出面。",
      "请求纪检监察机关调查核实，依纪依法处理。", "accuse"),
    T("0403", "反映{accused_unit}{accused_post}{accused}吃拿卡要",
      "{accused_unit}{accused_post}{accused}在办理业务时多次暗示办事群众“意思意思”，不给好处"
      "就以各种理由拖着不办。今年{month}月我办理相关手续，被他拖了两个多月，最后托人送了"
      "{bribe}元的购物卡才办下来。",
      "请求纪检监察机关严肃查处。", "accuse"),
    T("0402", "反映{accused_unit}对群众诉求不作为",
      "我家的问题向{accused_unit}反映了一年多，{accused_post}{accused}每次都说在研究，从来没有"
      "书面答复，也没有到现场看过。",
      "请求纪检监察机关督促其依法履职，追究不作为责任。", "accuse"),
)  # fmt: skip
del T

# Sub-class → first-level class code is the code's first two digits (the tree is coded that way).
BY_CLASS: dict[str, tuple[Template, ...]] = {}
for _t in TEMPLATES:
    BY_CLASS[_t.class_code[:2]] = (*BY_CLASS.get(_t.class_code[:2], ()), _t)
# Classes renamed in 2018 → their successor, whose templates describe the same matters.
FORMER_CLASSES = {"06": "07", "08": "09", "14": "15", "16": "17", "19": "20", "23": "24"}

RIVERS = {
    "431202": "舞水", "431221": "沅水", "431222": "酉水", "431223": "辰水", "431224": "溆水",
    "431225": "渠水", "431226": "锦江", "431227": "㵲水", "431228": "㵲水", "431229": "渠水",
    "431230": "渠水", "431281": "沅水", "431271": "巫水",
}  # fmt: skip
COMPANY_WORDS = ("宏达", "鑫源", "华盛", "恒通", "金鹏", "顺发", "五溪", "锦程", "湘西南", "众联",
                 "天成", "鹏程", "盛世", "瑞丰", "通程", "兴隆")  # fmt: skip
TRADES = ("木工", "钢筋工", "泥工", "水电安装", "模板工", "架子工")
SHOPS = ("烧烤店", "KTV", "酒吧", "超市", "便利店", "健身房", "美容美发店", "麻将馆")
CROPS = ("柑橘", "黄桃", "杨梅", "稻谷", "蔬菜", "油茶")
DISEASES = ("糖尿病", "类风湿性关节炎", "高血压", "慢性肾病")


class Slots(dict):
    """Fills `{name}` placeholders on first use; `str.format_map` asks for them lazily."""

    def __init__(
        self, rng: random.Random, county_code: str, county_name: str, on: dt.date, **given
    ):
        super().__init__(given)
        self.rng = rng
        self.county_code = county_code
        self.county = county_name
        self.on = on

    def __missing__(self, key: str) -> str:
        value = str(self._make(key))
        self[key] = value
        return value

    def _make(self, key: str):
        r, facts = self.rng, COUNTIES.get(self.county_code)

        def money(low: int, high: int, step: int = 100) -> int:
            return r.randrange(low // step, high // step + 1) * step

        match key:
            case "county":
                return self.county
            case "town":
                return r.choice(facts.towns) if facts else "城北街道"
            case "village":
                return people.village(r)
            case "zu":
                return f"{r.randint(1, 12)}组"
            case "road" | "road2":
                roads = facts.roads if facts else COUNTIES["431202"].roads
                other = self.get("road" if key == "road2" else "road2")
                return r.choice([x for x in roads if x != other])
            case "estate":
                return r.choice(people.ESTATES)
            case "landmark":
                return r.choice(("农贸市场", "汽车站", "中心小学", "人民医院", "老粮站"))
            case "building":
                return r.randint(1, 28)
            case "house_no":
                return r.randint(1, 260)
            case "property":
                return f"{CITY_NAME}{r.choice(COMPANY_WORDS)}物业管理有限公司"
            case "developer":
                return f"{CITY_NAME}{r.choice(COMPANY_WORDS)}房地产开发有限公司"
            case "company":
                return f"湖南{r.choice(COMPANY_WORDS)}建筑工程有限公司"
            case "firm":
                kind = r.choice(("建材", "食品", "新材料", "商贸", "农业开发", "木业", "化工"))
                return f"{CITY_NAME}{r.choice(COMPANY_WORDS)}{kind}有限公司"
            case "old_factory":
                return (
                    f"{self.county}{r.choice(('机械厂', '纺织厂', '水泥厂', '酒厂', '木材公司'))}"
                )
            case "project":
                return r.choice((
                    f"{self['road']}安置房项目", f"{self['town']}污水处理厂项目",
                    f"{self['village']}通组公路项目", f"{self.county}产业园标准厂房项目",
                    f"{self['estate']}二期项目", "高速公路连接线项目",
                ))  # fmt: skip
            case "boss" | "accused":
                sex = "M" if r.random() < 0.85 else "F"
                return (
                    people.full_name(r, sex)[0] + "某"
                    if key == "boss"
                    else people.full_name(r, sex)
                )
            case "person2":
                return people.full_name(r, "M" if r.random() < 0.7 else "F")
            case "accused_unit":
                return f"{self['town']}{self['village']}村民委员会"
            case "accused_post":
                return r.choice(("主任", "支部书记", "副镇长", "工作人员", "站长", "股长"))
            case "hospital":
                return r.choice((f"{self.county}人民医院", f"{self.county}中医医院",
                                 f"{self['town']}卫生院", "怀化市第一人民医院"))  # fmt: skip
            case "school":
                return r.choice((f"{self.county}第{r.randint(1, 5)}中学",
                                 f"{self.county}实验小学", f"{self['town']}中心小学"))  # fmt: skip
            case "court":
                return f"{self.county}人民法院"
            case "river":
                return RIVERS.get(self.county_code, "沅水")
            case "reservoir":
                return r.choice(("五强溪水库", "托口水库", "洪江水库", "碗米坡水库"))
            case "trade":
                return r.choice(TRADES)
            case "shop":
                return r.choice(SHOPS)
            case "crop":
                return r.choice(CROPS)
            case "disease":
                return r.choice(DISEASES)
            case "route":
                return r.randint(1, 30)
            case "home_county":
                return r.choice(("贵州省岑巩县", "湘西州泸溪县", "邵阳市洞口县", "贵州省天柱县"))
            case "year":
                return self.on.year - r.choice((0, 0, 1, 1, 2))
            case "year_army":
                age = int(self.get("age", 30))
                return self.on.year - r.randint(3, max(3, age - 18))
            case "year_join" | "year_old" | "year_cert" | "build_year":
                spans = {"year_join": (3, 18), "year_old": (25, 45), "year_cert": (20, 35),
                         "build_year": (15, 40)}  # fmt: skip
                low, high = spans[key]
                return self.on.year - r.randint(low, high)
            case "year_retire":
                return self.on.year - r.randint(2, 15)
            case "since_year":
                return self.on.year - int(self["years"])
            case "deliver_year":
                return int(self["year"]) + r.choice((1, 2))
            case "month":
                year = int(self.get("year", self.on.year))
                return r.randint(1, self.on.month if year == self.on.year else 12)
            case "years" | "army_years" | "times":
                return r.randint(2, 6)
            case "years_work":
                return r.randint(12, 35)
            case "months":
                return r.randint(3, 30)
            case "days":
                return r.randint(3, 40)
            case "age":
                return r.randint(38, 72)
            case "mother_age":
                return r.randint(58, 86)
            case "old_age":
                return r.randint(80, 96)
            case "family":
                return r.randint(3, 7)
            case "households":
                return r.randint(12, 260)
            case "workers":
                return r.randint(8, 60)
            case "wages":
                return f"{int(self['workers']) * money(9000, 36000) / 10000:.2f}万"
            case "daily":
                return r.choice((200, 220, 250, 280, 300, 350))
            case "my_wages":
                return int(self["daily"]) * r.randint(60, 200)
            case "advance":
                return money(1000, 9000)
            case "area" | "sqm":
                return r.randint(60, 260)
            case "price":
                return money(1800, 3600, 50)
            case "floors":
                return r.randint(2, 4)
            case "floors_plan":
                return r.randint(6, 18)
            case "floors_now":
                return int(self["floors_plan"]) + r.randint(2, 8)
            case "house_price":
                return r.randint(40, 120)
            case "transit":
                return money(600, 1800)
            case "fee_old":
                return r.choice(("1.2", "1.5", "1.8"))
            case "fee_new":
                return r.choice(("2.2", "2.5", "2.8"))
            case "parking":
                return r.choice((100, 150, 200, 260))
            case "mu":
                return r.randint(30, 320)
            case "my_mu":
                return r.choice(("0.8", "1.2", "1.5", "2.3", "3.1"))
            case "debt":
                return r.randint(3, 80)
            case "paid":
                return money(500, 20000)
            case "share":
                return r.choice((30, 40, 50))
            case "medical":
                return r.randint(4, 25)
            case "pension_gap":
                return r.randint(120, 680)
            case "rent":
                return r.choice((300, 350, 400, 500, 600))
            case "interest":
                return r.choice((12, 15, 18, 24))
            case "comp":
                return money(18000, 60000, 1000)
            case "card":
                return r.choice((1000, 1500, 2000, 3000, 5000))
            case "gas_fee":
                return r.choice((2800, 3200, 3600))
            case "ticket_old":
                return r.choice((40, 50, 60))
            case "ticket_new":
                return int(self["ticket_old"]) + r.choice((30, 40, 60))
            case "fee_school":
                return r.choice((600, 800, 1200))
            case "km":
                return r.choice(("2.5", "3.8", "4.2", "6.5"))
            case "bribe":
                return r.choice((1000, 2000, 3000, 5000))
            case "post":
                return r.choice(("仓管", "销售", "生产线操作", "质检", "司机"))
        raise KeyError(key)


def choose(rng: random.Random, class_code: str) -> Template:
    """A template about `class_code` (first-level; a renamed class uses its successor's)."""
    top = class_code[:2]
    return rng.choice(BY_CLASS.get(FORMER_CLASSES.get(top, top)) or BY_CLASS["27"])


def fill(
    rng: random.Random,
    template: Template,
    county_code: str,
    county_name: str,
    on: dt.date,
    **given: str,
) -> Text:
    """The template's text for a place and day. `given` pins slots the caller knows
    (the petitioner's age, the accused person and unit)."""
    slots = Slots(rng, county_code, county_name, on, **given)
    title = template.title.format_map(slots)
    content = template.content.format_map(slots)
    demands = template.demands.format_map(slots)
    return Text(template.class_code, title, content, demands, template.purpose)


def compose(
    rng: random.Random,
    class_code: str,
    county_code: str,
    county_name: str,
    on: dt.date,
    **given: str,
) -> Text:
    """A petition text about `class_code` (a first-level code) in the given county."""
    return fill(rng, choose(rng, class_code), county_code, county_name, on, **given)


def repeat_text(original_title: str, original_content: str, first_on: dt.date) -> tuple[str, str]:
    """Title and content of a 重信重访 petition about an earlier matter."""
    title = (
        original_title if original_title.startswith("再次反映") else f"再次反映：{original_title}"
    )
    lead = (
        f"我于{first_on.year}年{first_on.month}月{first_on.day}日已经反映过以下问题，"
        "至今没有得到解决，现再次反映。\n"
    )
    return title[:120], (lead + original_content)[:2000]
