import Foundation
import StudioCore

/// One member's seat on one demo studio, by index into `DemoDataSet`.
public struct DemoMembership: Equatable, Sendable {
    public var studioIndex: Int   // index into DemoDataSet.studios
    public var memberIndex: Int   // index into DemoDataSet.members
    public var role: StudioRole
    public var joinedOn: String   // ISO yyyy-MM-dd
}

/// A fictional district 政协 (政协明湖区委员会, 明湖区 is an invented place) with its
/// members, studios and teams, so that a newcomer opens a populated program.
/// Pure and deterministic: names and phone numbers come from fixed lists and a
/// linear congruential generator with a constant seed, never from the system.
public struct DemoDataSet: Sendable {
    public var districtName: String       // "明湖区"
    public var members: [Member]          // ids nil
    public var studios: [Studio]          // ids nil
    public var memberships: [DemoMembership]

    public static func make() -> DemoDataSet {
        var recipe = DemoRecipe()
        return recipe.build()
    }
}

// MARK: - Generator

/// Knuth's MMIX LCG; the high bits are used, the low ones are too regular.
private struct DemoLCG {
    var state: UInt64

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }

    /// 0 ..< n
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// True with the given percentage.
    mutating func chance(_ percent: Int) -> Bool { int(100) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
}

// MARK: - Reference lists

/// A post in a work unit: the titles a member may hold there and what such a person knows.
private struct DemoPost: Sendable {
    var unit: String
    var titles: [String]
    var expertise: [String]

    init(_ unit: String, _ titles: [String], _ expertise: [String]) {
        self.unit = unit
        self.titles = titles
        self.expertise = expertise
    }
}

/// A fixed post for one seat: "单位 职务" and its 专长.
private struct DemoFixedPost: Sendable {
    var unit: String
    var title: String
    var expertise: String
}

/// The line of work behind a member's 单位及职务, 专长 and 专委会.
private enum DemoField: Sendable {
    case government, medical, education, business, ecommerce, tourism, agriculture, law, science,
         culture, media, sports, welfare, socialScience, women, youth, union, overseas, taiwan,
         ethnic, religion, special

    var posts: [DemoPost] {
        switch self {
        case .government: [
            DemoPost("明湖区发展和改革局", ["局长", "副局长"], ["经济运行", "项目建设"]),
            DemoPost("明湖区住房和城乡建设局", ["副局长"], ["城市更新", "老旧小区改造"]),
            DemoPost("明湖区生态环境分局", ["局长"], ["生态环境保护", "河湖治理"]),
            DemoPost("明湖区人力资源和社会保障局", ["副局长"], ["就业创业", "社会保险"]),
            DemoPost("明湖区市场监督管理局", ["副局长"], ["食品安全", "营商环境"]),
            DemoPost("明湖区应急管理局", ["副局长"], ["安全生产", "防灾减灾"]),
            DemoPost("明湖区城市管理局", ["副局长"], ["城市管理", "垃圾分类"]),
            DemoPost("明湖区人民政府办公室", ["副主任"], ["政务服务", "政策研究"]),
            DemoPost("明湖区财政局", ["副局长"], ["财政预算", "政府债务管理"]),
            DemoPost("明湖区自然资源局", ["副局长"], ["国土空间规划", "耕地保护"]),
            DemoPost("明湖区商务局", ["局长"], ["招商引资", "促进消费"]),
        ]
        case .medical: [
            DemoPost("明湖区人民医院", ["院长", "心内科主任", "护理部主任", "主任医师", "副主任医师"],
                     ["医院管理", "心血管疾病防治", "护理管理", "急诊急救"]),
            DemoPost("明湖区第二人民医院", ["副院长", "外科主任", "主任医师", "副主任医师"],
                     ["普外科", "医院管理", "医疗质量"]),
            DemoPost("明湖区中医医院", ["院长", "副院长", "针灸科主任", "主任中医师"],
                     ["中医药传承", "针灸推拿", "治未病"]),
            DemoPost("明湖区妇幼保健院", ["院长", "儿科主任", "副主任医师"], ["妇幼健康", "儿童保健"]),
            DemoPost("明湖区疾病预防控制中心", ["主任", "副主任"], ["公共卫生", "传染病防控"]),
            DemoPost("明湖区湖滨街道社区卫生服务中心", ["全科医生"], ["基层医疗", "家庭医生签约"]),
            DemoPost("明湖区桂园街道社区卫生服务中心", ["主任", "全科医生"], ["基层医疗", "慢病管理"]),
            DemoPost("明湖仁和口腔门诊部", ["负责人"], ["口腔健康", "民营医疗"]),
            DemoPost("明湖康宁医药连锁有限公司", ["执业药师"], ["药品安全", "合理用药"]),
        ]
        case .education: [
            DemoPost("明湖区实验小学", ["校长", "副校长", "教导主任", "高级教师"], ["义务教育", "教育管理", "课后服务"]),
            DemoPost("明湖区第一中学", ["校长", "副校长", "高级教师"], ["基础教育", "教学研究", "青少年心理健康"]),
            DemoPost("明湖区第二中学", ["副校长", "高级教师"], ["义务教育", "班主任工作"]),
            DemoPost("明湖区湖滨路小学", ["校长", "一级教师"], ["义务教育", "家庭教育"]),
            DemoPost("明湖区职业教育中心", ["主任", "专业带头人"], ["职业教育", "产教融合"]),
            DemoPost("明湖区桂园幼儿园", ["园长", "副园长"], ["学前教育", "托育服务"]),
            DemoPost("明湖区特殊教育学校", ["校长"], ["特殊教育", "融合教育"]),
            DemoPost("明湖区教师发展中心", ["主任", "教研员"], ["教师培训", "教学研究"]),
        ]
        case .business: [
            DemoPost("明湖瑞丰商贸有限公司", ["董事长", "总经理"], ["商贸流通", "民营经济"]),
            DemoPost("明湖恒通建设集团有限公司", ["董事长", "副总经理"], ["建筑工程", "城市建设"]),
            DemoPost("明湖金穗食品有限公司", ["董事长", "总经理"], ["食品加工", "食品安全"]),
            DemoPost("明湖安达物流有限公司", ["总经理"], ["现代物流", "供应链管理"]),
            DemoPost("明湖新源环保科技有限公司", ["董事长"], ["节能环保", "固废处理"]),
            DemoPost("明湖华创智能装备有限公司", ["董事长", "总经理"], ["智能制造", "企业管理"]),
            DemoPost("明湖锦程置业有限公司", ["执行董事"], ["房地产", "物业管理"]),
            DemoPost("明湖禾信会计师事务所", ["主任会计师"], ["财税金融", "企业财务"]),
            DemoPost("明湖农村商业银行", ["副行长"], ["普惠金融", "小微企业融资"]),
            DemoPost("明湖湖光纺织有限公司", ["董事长"], ["纺织服装", "民营经济"]),
            DemoPost("明湖永盛机械制造有限公司", ["董事长", "总经理"], ["装备制造", "民营经济"]),
            DemoPost("明湖天禾生物科技有限公司", ["董事长"], ["生物医药产业", "科技创新"]),
            DemoPost("明湖兴隆餐饮管理有限公司", ["总经理"], ["餐饮服务", "促进消费"]),
            DemoPost("明湖宏达汽车销售服务有限公司", ["董事长"], ["汽车流通", "商贸流通"]),
            DemoPost("明湖中联建材有限公司", ["董事长"], ["建材产业", "绿色建筑"]),
            DemoPost("明湖百佳超市连锁有限公司", ["董事长", "总经理"], ["商贸流通", "促进消费"]),
        ]
        case .ecommerce: [
            DemoPost("明湖云帆电子商务有限公司", ["董事长", "总经理"], ["电子商务", "网络营销"]),
            DemoPost("明湖智联网络科技有限公司", ["总经理"], ["电子商务", "数字经济"]),
            DemoPost("明湖鲜达农产品电子商务有限公司", ["董事长"], ["农村电商", "农产品上行"]),
            DemoPost("明湖电商产业园运营管理有限公司", ["总经理"], ["电商园区运营", "创业孵化"]),
            DemoPost("明湖优品直播科技有限公司", ["执行董事"], ["直播电商", "品牌营销"]),
            DemoPost("明湖通汇跨境贸易有限公司", ["总经理"], ["跨境电商", "对外贸易"]),
            DemoPost("明湖区电子商务公共服务中心", ["主任"], ["电商培训", "农村电商"]),
            DemoPost("明湖快捷快递有限公司", ["总经理"], ["快递物流", "电子商务"]),
        ]
        case .tourism: [
            DemoPost("明湖湖滨旅游开发有限公司", ["董事长", "总经理"], ["文旅融合", "景区管理"]),
            DemoPost("明湖湖光大酒店有限公司", ["总经理"], ["酒店管理", "餐饮服务"]),
            DemoPost("明湖青旅国际旅行社有限公司", ["总经理"], ["旅游服务", "研学旅行"]),
        ]
        case .agriculture: [
            DemoPost("明湖区青石茶叶专业合作社", ["理事长"], ["茶产业", "乡村振兴"]),
            DemoPost("明湖区丰禾果蔬专业合作社", ["理事长"], ["设施农业", "农产品销售"]),
            DemoPost("明湖区稻香水产养殖专业合作社", ["理事长"], ["水产养殖", "稻渔综合种养"]),
            DemoPost("明湖区绿野家庭农场", ["负责人"], ["家庭农场经营", "生态种植"]),
            DemoPost("明湖区农业技术推广中心", ["主任", "高级农艺师"], ["农业技术推广", "耕地保护"]),
            DemoPost("明湖区农业农村局", ["副局长"], ["乡村振兴", "农村改革"]),
            DemoPost("明湖区青石镇柳溪村", ["党支部书记"], ["乡村治理", "村集体经济"]),
            DemoPost("明湖区金田粮食种植专业合作社", ["理事长"], ["粮食生产", "农业机械化"]),
            DemoPost("明湖区林业工作站", ["站长"], ["林业生态", "森林防火"]),
            DemoPost("明湖区畜牧兽医站", ["站长"], ["畜牧养殖", "动物防疫"]),
            DemoPost("明湖区青石镇桃源村", ["村委会主任"], ["乡村治理", "人居环境整治"]),
        ]
        case .law: [
            DemoPost("湖光律师事务所", ["主任", "合伙人", "律师"], ["法律服务", "民商事纠纷"]),
            DemoPost("正衡律师事务所", ["主任", "合伙人", "律师"], ["刑事辩护", "企业合规"]),
            DemoPost("明湖区公证处", ["主任"], ["公证服务", "法律服务"]),
            DemoPost("明湖区司法局", ["副局长"], ["人民调解", "普法宣传"]),
            DemoPost("明湖区法律援助中心", ["主任"], ["法律援助", "劳动争议"]),
        ]
        case .science: [
            DemoPost("明湖区科学技术局", ["副局长"], ["科技创新", "科技成果转化"]),
            DemoPost("明湖区科学技术协会", ["副主席"], ["科学普及", "科技人才"]),
            DemoPost("明湖高新技术产业园管理委员会", ["副主任"], ["产业园区发展", "招商引资"]),
            DemoPost("明湖华创智能装备有限公司", ["总工程师", "工程师"], ["智能制造", "工业互联网"]),
            DemoPost("明湖新源环保科技有限公司", ["总工程师", "工程师"], ["环境治理", "节能环保"]),
            DemoPost("明湖区气象局", ["局长"], ["气象防灾", "气候变化"]),
            DemoPost("明湖区水利局", ["总工程师"], ["水利工程", "防汛抗旱"]),
            DemoPost("明湖区工业和信息化局", ["副局长"], ["数字经济", "工业转型升级"]),
            DemoPost("明湖区农业科学研究所", ["所长", "研究员"], ["农业科技", "种业创新"]),
        ]
        case .culture: [
            DemoPost("明湖区文化馆", ["馆长", "副馆长"], ["群众文化", "非遗保护"]),
            DemoPost("明湖区图书馆", ["馆长"], ["全民阅读", "公共文化服务"]),
            DemoPost("明湖区博物馆", ["馆长"], ["文物保护", "地方历史"]),
            DemoPost("明湖区书法家协会", ["主席", "副主席"], ["书法", "传统文化"]),
            DemoPost("明湖区美术家协会", ["主席"], ["中国画", "美术教育"]),
            DemoPost("明湖区花鼓戏剧团", ["团长"], ["地方戏曲", "非遗传承"]),
            DemoPost("明湖湖畔文化传媒有限公司", ["总经理"], ["文化产业", "文创设计"]),
            DemoPost("明湖区作家协会", ["主席", "副主席"], ["文学创作", "全民阅读"]),
            DemoPost("明湖区摄影家协会", ["主席"], ["摄影艺术", "文旅宣传"]),
            DemoPost("明湖区音乐家协会", ["主席"], ["声乐", "群众文化"]),
        ]
        case .media: [
            DemoPost("明湖区融媒体中心", ["主任", "副主任", "记者"], ["新闻传播", "融媒体"]),
            DemoPost("明湖区新华书店", ["经理"], ["全民阅读", "图书发行"]),
            DemoPost("明湖广播电视台", ["副台长", "记者"], ["广播电视", "舆论监督"]),
            DemoPost("明湖区文学艺术界联合会", ["副主席"], ["文艺评论", "文化宣传"]),
        ]
        case .sports: [
            DemoPost("明湖区体育运动学校", ["校长", "教练员"], ["青少年体育", "竞技体育"]),
            DemoPost("明湖区全民健身中心", ["主任"], ["全民健身", "体育场馆运营"]),
            DemoPost("明湖区体育总会", ["秘书长"], ["体育赛事", "社会体育指导"]),
        ]
        case .welfare: [
            DemoPost("明湖区民政局", ["副局长"], ["社会救助", "基层政权建设"]),
            DemoPost("明湖区社会福利院", ["院长"], ["养老服务", "儿童福利"]),
            DemoPost("明湖区残疾人联合会", ["理事长", "副理事长"], ["残疾人事业", "无障碍环境"]),
            DemoPost("明湖区慈善总会", ["秘书长"], ["慈善公益", "社会组织"]),
            DemoPost("明湖颐康养老服务中心", ["负责人"], ["居家养老", "医养结合"]),
            DemoPost("明湖区医疗保障局", ["副局长"], ["医疗保障", "长期护理保险"]),
        ]
        case .socialScience: [
            DemoPost("中共明湖区委党校", ["副校长", "教研室主任"], ["理论研究", "基层治理"]),
            DemoPost("明湖区社会科学界联合会", ["主席", "秘书长"], ["社会科学普及", "决策咨询"]),
            DemoPost("明湖区地方志办公室", ["主任"], ["地方史志", "文史资料"]),
        ]
        case .women: [
            DemoPost("明湖区妇女联合会", ["副主席"], ["妇女儿童权益", "家庭教育"]),
            DemoPost("明湖区巧手手工艺专业合作社", ["理事长"], ["妇女创业", "手工艺传承"]),
            DemoPost("明湖区家政服务协会", ["会长"], ["家政服务", "妇女就业"]),
        ]
        case .youth: [
            DemoPost("共青团明湖区委员会", ["副书记"], ["青少年工作", "志愿服务"]),
            DemoPost("明湖区青年企业家协会", ["会长", "副会长"], ["青年创业", "民营经济"]),
            DemoPost("明湖区青年志愿者协会", ["会长"], ["志愿服务", "社区公益"]),
        ]
        case .union: [
            DemoPost("明湖区总工会", ["副主席"], ["职工权益", "劳动保障"]),
            DemoPost("明湖恒通建设集团有限公司", ["工会主席"], ["职工权益", "农民工服务"]),
            DemoPost("明湖金穗食品有限公司", ["车间主任"], ["技能人才培养", "产业工人"]),
            DemoPost("明湖区公交集团有限公司", ["驾驶员"], ["公共交通", "劳模工匠"]),
        ]
        case .overseas: [
            DemoPost("明湖区归国华侨联合会", ["副主席"], ["侨务工作", "海外联谊"]),
            DemoPost("明湖区侨商联合会", ["会长", "副会长"], ["招商引资", "对外贸易"]),
            DemoPost("明湖海联贸易有限公司", ["董事长"], ["对外贸易", "跨境电商"]),
            DemoPost("明湖侨兴投资有限公司", ["董事长"], ["侨资企业", "招商引资"]),
        ]
        case .taiwan: [
            DemoPost("明湖区台湾同胞联谊会", ["会长", "副会长"], ["两岸交流", "台胞服务"]),
            DemoPost("明湖宝岛食品有限公司", ["总经理"], ["两岸经贸", "食品加工"]),
        ]
        case .ethnic: [
            DemoPost("明湖区民族宗教事务局", ["副局长"], ["民族团结", "民族工作"]),
            DemoPost("明湖区民族小学", ["校长"], ["民族教育", "义务教育"]),
            DemoPost("明湖区清真食品行业协会", ["会长"], ["民族特色食品", "民营经济"]),
        ]
        case .religion: [
            DemoPost("明湖区佛教协会", ["副会长"], ["宗教事务", "慈善公益"]),
            DemoPost("明湖区基督教两会", ["副主席"], ["宗教事务", "社会服务"]),
            DemoPost("明湖区道教协会", ["会长"], ["宗教事务", "传统文化"]),
        ]
        case .special: [
            DemoPost("明湖区人民检察院", ["副检察长"], ["法治建设", "公益诉讼"]),
            DemoPost("明湖区人民法院", ["副院长"], ["多元解纷", "法治建设"]),
            DemoPost("明湖区退役军人事务局", ["副局长"], ["退役军人服务", "双拥工作"]),
            DemoPost("明湖区审计局", ["副局长"], ["审计监督", "财政资金管理"]),
        ]
        }
    }

    /// 专门委员会 a member in this line of work is usually placed in, most likely first.
    var committees: [String] {
        switch self {
        case .government: ["委员工作委员会", "经济委员会", "提案委员会"]
        case .medical, .education, .sports: ["教科卫体委员会", "教科卫体委员会", "提案委员会"]
        case .business, .ecommerce, .tourism: ["经济委员会", "经济委员会", "提案委员会"]
        case .agriculture: ["农业和农村委员会", "农业和农村委员会", "人口资源环境委员会"]
        case .law, .welfare, .special, .union: ["社会和法制委员会", "社会和法制委员会", "提案委员会"]
        case .science: ["教科卫体委员会", "人口资源环境委员会", "经济委员会"]
        case .culture, .media, .socialScience: ["文化文史和学习委员会", "文化文史和学习委员会", "提案委员会"]
        case .women, .youth: ["社会和法制委员会", "委员工作委员会"]
        case .overseas, .taiwan: ["港澳台侨和外事委员会"]
        case .ethnic, .religion: ["民族和宗教委员会"]
        }
    }

    /// Women's federation members are women; elsewhere about a third are.
    var femalePercent: Int { self == .women ? 100 : 35 }
}

private enum DemoNames {
    static let surnames: [String] = [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
        "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "田",
        "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "沈", "姚", "卢",
        "姜", "崔", "钟", "谭", "洪", "汪", "范", "金", "廖", "夏", "韦", "方", "白", "邹", "孟", "熊",
        "秦", "邱", "江", "尹", "薛", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝",
        "龚", "邵", "钱", "严", "武", "戴", "莫", "孔", "汤", "常", "温", "康", "施", "文", "牛", "樊",
    ]
    static let compoundSurnames: [String] = ["欧阳", "司马", "上官", "诸葛"]

    static let maleGiven: [String] = [
        "建国", "志强", "文华", "俊峰", "明远", "海涛", "立新", "永刚", "晓东", "振宇", "浩然", "国庆",
        "卫东", "建军", "宏伟", "志明", "家豪", "思远", "博文", "嘉诚", "承志", "鹏飞", "文斌", "德明",
        "光辉", "学军", "志刚", "宇航", "俊杰", "逸飞", "泽宇", "晨阳", "伟民", "少华", "国栋", "鸿飞",
        "永康", "正阳", "安邦", "守仁", "向东", "庆华", "书林", "红军", "新民", "春林", "秋实", "子健",
        "伟", "强", "军", "磊", "涛", "斌", "鹏", "杰", "峰", "勇", "刚", "毅", "浩", "宁", "凯", "辉",
    ]
    static let femaleGiven: [String] = [
        "雪梅", "丽娟", "晓燕", "秀英", "桂芳", "玉兰", "慧敏", "静怡", "婷婷", "佳慧", "欣怡", "思琪",
        "雨桐", "梦洁", "春梅", "红霞", "海燕", "丽华", "文静", "雅琴", "淑珍", "美玲", "晓红", "艳萍",
        "月华", "若兰", "心怡", "亚楠", "佩琳", "素芬", "慧娟", "凤英", "秋菊", "晓琳", "瑞雪", "雅婷",
        "丽", "娟", "敏", "静", "婷", "芳", "燕", "霞", "玲", "慧", "颖", "洁", "萍", "琳", "莉", "蓉",
    ]

    static let mobilePrefixes: [String] = [
        "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
        "155", "156", "157", "158", "159", "166", "177", "180", "181", "182", "183", "185", "186",
        "187", "188", "189", "191", "199",
    ]

    static let notes: [String] = [
        "区政协常委", "连任委员", "本届新任委员", "兼任市政协委员", "界别活动组组长", "区政协特约监督员",
        "年度优秀提案撰写人",
    ]
}

// MARK: - Plan

/// One place on a planned team: the 界别, the line of work, and optionally a fixed post or name.
private struct DemoSeat {
    var sector: String
    var field: DemoField
    var post: DemoFixedPost?
    var name: String?
    var note: String?
}

private enum DemoTeamStyle {
    /// 陕西: 1–2 召集人, one 联络员 (none yet in a draft), the rest 驻室委员.
    case shaanxi(conveners: Int, liaison: Bool)
    /// 滨江 / 郴州: one 领衔委员, the rest 参与委员.
    case lead
    /// 鄂尔多斯: 主任 (lead), 副主任 (convener), a 联络员, the rest 驻室委员.
    case ordos
}

private struct DemoStudioPlan {
    /// nil for a personal studio: named after its lead.
    var name: String?
    var type: StudioType
    var mode: StudioMode
    var status: StudioStatus
    var profileID: String
    var address: String
    /// nil: the lead's 界别 (personal studios).
    var sector: String?
    /// nil: the lead's 专委会 (personal studios).
    var committee: String?
    /// Founded (first members joined) on this date: year, month, day.
    var founded: (Int, Int, Int)
    /// Everyone joined at founding (no later arrivals).
    var closedTeam: Bool
    var style: DemoTeamStyle
    var seats: [DemoSeat]
}

private func seat(_ sector: String, _ field: DemoField, _ unit: String? = nil, _ title: String = "",
                  _ expertise: String = "", name: String? = nil, note: String? = nil) -> DemoSeat {
    DemoSeat(sector: sector, field: field,
             post: unit.map { DemoFixedPost(unit: $0, title: title, expertise: expertise) },
             name: name, note: note)
}

private func seats(_ count: Int, _ sector: String, _ field: DemoField) -> [DemoSeat] {
    Array(repeating: seat(sector, field), count: count)
}

private enum DemoPlan {
    static let studios: [DemoStudioPlan] = [
        DemoStudioPlan(
            name: "明湖区湖滨街道委员工作室", type: .region, mode: .offline, status: .plaqued,
            profileID: "shaanxi-2023", address: "明湖区湖滨路88号湖滨街道党群服务中心3楼",
            sector: "湖滨街道", committee: "委员工作委员会", founded: (2021, 3, 18), closedTeam: false,
            style: .shaanxi(conveners: 2, liaison: true),
            seats: [
                seat("中共", .government, "明湖区湖滨街道党工委", "书记", "基层治理、社区服务"),
                seat("民建", .business),
                seat("医药卫生界", .medical, "明湖区湖滨街道社区卫生服务中心", "主任", "基层医疗、家庭医生签约"),
                seat("教育界", .education),
                seat("社会福利和社会保障界", .welfare),
                seat("无党派人士", .law),
                seat("妇联", .women, "明湖区湖滨街道妇女联合会", "主席", "家庭文明建设"),
                seat("经济界", .business),
                seat("文化艺术界", .culture),
            ]),
        DemoStudioPlan(
            name: "明湖区桂园街道委员工作室", type: .region, mode: .offline, status: .plaqued,
            profileID: "shaanxi-2023", address: "明湖区桂园路126号桂园街道办事处2楼",
            sector: "桂园街道", committee: "委员工作委员会", founded: (2021, 6, 8), closedTeam: false,
            style: .shaanxi(conveners: 1, liaison: true),
            seats: [
                seat("中共", .government, "明湖区桂园街道办事处", "主任", "城市治理、为民服务"),
                seat("九三学社", .science),
                seat("农工党", .medical),
                seat("民进", .education),
                seat("工商联", .business),
                seat("总工会", .union),
                seat("体育界", .sports),
                seat("侨联", .overseas),
            ]),
        DemoStudioPlan(
            name: "柳巷社区委员工作室", type: .region, mode: .offline, status: .warned,
            profileID: "shaanxi-2023", address: "明湖区柳巷路15号柳巷社区服务中心1楼",
            sector: "桂园街道柳巷社区", committee: "委员工作委员会", founded: (2022, 4, 12), closedTeam: false,
            style: .shaanxi(conveners: 1, liaison: true),
            seats: [
                seat("中共", .government, "明湖区桂园街道柳巷社区党委", "书记", "社区治理、老旧小区改造"),
                seat("社会福利和社会保障界", .welfare),
                seat("民革", .law),
                seat("教育界", .education),
                seat("经济界", .business),
                seat("共青团和青联", .youth),
            ]),
        DemoStudioPlan(
            name: "明湖区东湖街道委员工作室", type: .region, mode: .online, status: .plaqued,
            profileID: "shaanxi-2023", address: "明湖区东湖大道206号东湖街道便民服务中心4楼",
            sector: "东湖街道", committee: "提案委员会", founded: (2022, 9, 1), closedTeam: false,
            style: .shaanxi(conveners: 2, liaison: true),
            seats: [
                seat("中共", .government, "明湖区东湖街道党工委", "副书记", "基层治理、网格化管理"),
                seat("科协", .science),
                seat("新闻出版界", .media),
                seat("民盟", .education),
                seat("特邀界", .special),
                seat("妇联", .women),
                seat("经济界", .business),
            ]),
        DemoStudioPlan(
            name: "民盟明湖区委员会委员工作室", type: .sector, mode: .offline, status: .plaqued,
            profileID: "shaanxi-2023", address: "明湖区文昌路20号民主党派大楼4楼",
            sector: "民盟", committee: "教科卫体委员会", founded: (2021, 9, 10), closedTeam: false,
            style: .shaanxi(conveners: 2, liaison: true),
            seats: seats(3, "民盟", .education) + seats(2, "民盟", .culture) + seats(2, "民盟", .science)),
        DemoStudioPlan(
            name: "医药卫生界委员工作室", type: .sector, mode: .offline, status: .plaqued,
            profileID: "shaanxi-2023", address: "明湖区健康路1号明湖区人民医院门诊楼5楼",
            sector: "医药卫生界", committee: "教科卫体委员会", founded: (2021, 4, 7), closedTeam: false,
            style: .shaanxi(conveners: 2, liaison: true),
            seats: [seat("医药卫生界", .medical, "明湖区人民医院", "副院长", "基层医疗、医院管理",
                         name: "张雪琴", note: "区政协常委")]
                + seats(6, "医药卫生界", .medical) + seats(2, "农工党", .medical) + seats(1, "九三学社", .medical)),
        DemoStudioPlan(
            name: "经济界委员工作室", type: .sector, mode: .online, status: .plaqued,
            profileID: "shaanxi-2023", address: "明湖区金湖大道168号明湖商会大厦12楼",
            sector: "经济界", committee: "经济委员会", founded: (2022, 3, 15), closedTeam: false,
            style: .shaanxi(conveners: 2, liaison: true),
            seats: seats(5, "经济界", .business) + seats(2, "工商联", .business) + seats(2, "民建", .business)),
        DemoStudioPlan(
            name: "教育界委员工作室", type: .sector, mode: .offline, status: .rectifying,
            profileID: "shaanxi-2023", address: "明湖区学府路36号明湖区实验小学综合楼2楼",
            sector: "教育界", committee: "教科卫体委员会", founded: (2022, 5, 20), closedTeam: false,
            style: .shaanxi(conveners: 1, liaison: true),
            seats: seats(4, "教育界", .education) + seats(2, "民进", .education)),
        DemoStudioPlan(
            name: "农业界委员工作室", type: .sector, mode: .offline, status: .inApproval,
            profileID: "shaanxi-2023", address: "明湖区青石镇兴农路9号农业服务中心2楼",
            sector: "农业界", committee: "农业和农村委员会", founded: (2025, 4, 16), closedTeam: true,
            style: .shaanxi(conveners: 1, liaison: true),
            seats: seats(6, "农业界", .agriculture)),
        DemoStudioPlan(
            name: "明湖区律师协会委员工作室", type: .industry, mode: .offline, status: .plaqued,
            profileID: "shaanxi-2023", address: "明湖区正义路66号明湖区公共法律服务中心2楼",
            sector: "法律服务业", committee: "社会和法制委员会", founded: (2021, 11, 3), closedTeam: false,
            style: .shaanxi(conveners: 1, liaison: true),
            seats: [
                seat("无党派人士", .law, "湖光律师事务所", "主任", "法律服务、民商事纠纷"),
                seat("民革", .law), seat("无党派人士", .law), seat("民革", .law),
                seat("民盟", .law), seat("特邀界", .law),
            ]),
        DemoStudioPlan(
            name: "明湖区电子商务协会委员工作室", type: .industry, mode: .online, status: .plaqued,
            profileID: "shaanxi-2023", address: "明湖区创业路18号明湖电商产业园A座6楼",
            sector: "电子商务", committee: "经济委员会", founded: (2023, 2, 21), closedTeam: false,
            style: .shaanxi(conveners: 2, liaison: true),
            seats: seats(3, "经济界", .ecommerce) + seats(2, "工商联", .ecommerce)
                + [seat("共青团和青联", .ecommerce),
                   seat("农业界", .ecommerce, "明湖鲜达农产品电子商务有限公司", "董事长", "农村电商、乡村振兴")]),
        DemoStudioPlan(
            name: "明湖区养老服务业协会委员工作室", type: .industry, mode: .offline, status: .draft,
            profileID: "shaanxi-2023", address: "明湖区康乐路27号明湖颐康养老服务中心1楼",
            sector: "养老服务业", committee: "社会和法制委员会", founded: (2025, 9, 10), closedTeam: true,
            style: .shaanxi(conveners: 1, liaison: false),
            seats: [
                seat("社会福利和社会保障界", .welfare, "明湖颐康养老服务中心", "负责人", "居家养老、医养结合"),
                seat("社会福利和社会保障界", .welfare),
                seat("农工党", .medical),
            ]),
        DemoStudioPlan(
            name: "明湖区旅游协会委员工作室", type: .industry, mode: .offline, status: .terminated,
            profileID: "shaanxi-2023", address: "明湖区湖滨路201号游客服务中心2楼",
            sector: "旅游业", committee: "经济委员会", founded: (2021, 5, 20), closedTeam: true,
            style: .shaanxi(conveners: 1, liaison: true),
            seats: [
                seat("经济界", .tourism, "明湖湖滨旅游开发有限公司", "董事长", "文旅融合、景区管理"),
                seat("经济界", .tourism),
                seat("民建", .tourism),
                seat("文化艺术界", .culture),
                seat("农业界", .agriculture, "明湖区青石镇柳溪村乡村旅游专业合作社", "理事长", "乡村旅游、民宿经营"),
            ]),
        DemoStudioPlan(
            name: nil, type: .personal, mode: .offline, status: .plaqued,
            profileID: "binjiang-2020", address: "明湖区文昌路8号翰墨书院1楼",
            sector: nil, committee: nil, founded: (2021, 7, 1), closedTeam: false,
            style: .lead,
            seats: [
                seat("文化艺术界", .culture, "明湖区书法家协会", "主席", "书法、传统文化"),
                seat("文化艺术界", .culture), seat("文化艺术界", .culture), seat("民进", .culture),
                seat("新闻出版界", .media), seat("社会科学界", .socialScience),
            ]),
        DemoStudioPlan(
            name: nil, type: .personal, mode: .offline, status: .plaqued,
            profileID: "chenzhou-2019", address: "明湖区青石镇茶园路3号",
            sector: nil, committee: nil, founded: (2022, 10, 26), closedTeam: false,
            style: .lead,
            seats: [
                seat("九三学社", .science, "明湖区农业技术推广中心", "高级农艺师", "农业技术推广、茶产业"),
                seat("农业界", .agriculture), seat("农业界", .agriculture), seat("科技界", .science),
                seat("致公党", .science),
            ]),
        DemoStudioPlan(
            name: "湖东联络处委员工作室", type: .liaisonOffice, mode: .offline, status: .plaqued,
            profileID: "binjiang-2020", address: "明湖区湖东路52号湖东联络处会议室",
            sector: "湖东联络处", committee: "委员工作委员会", founded: (2023, 3, 28), closedTeam: false,
            style: .lead,
            seats: [
                seat("民建", .business), seat("台联", .taiwan), seat("宗教界", .religion),
                seat("少数民族界", .ethnic), seat("体育界", .sports), seat("社会科学界", .socialScience),
                seat("致公党", .overseas),
            ]),
        DemoStudioPlan(
            name: "明湖区西岭街道委员之家（委员工作室）", type: .region, mode: .offline, status: .plaqued,
            profileID: "ordos-2021", address: "明湖区西岭路9号西岭街道党群服务中心2楼",
            sector: "西岭街道", committee: "委员工作委员会", founded: (2023, 8, 15), closedTeam: false,
            style: .ordos,
            seats: [
                seat("中共", .government, "明湖区西岭街道党工委", "书记", "基层治理、产业发展"),
                seat("工商联", .business), seat("教育界", .education), seat("医药卫生界", .medical),
                seat("农业界", .agriculture), seat("科技界", .science), seat("无党派人士", .education),
            ]),
        DemoStudioPlan(
            name: "南湖社区委员工作室", type: .region, mode: .offline, status: .plaqued,
            profileID: "shangluo-2023", address: "明湖区南湖路133号南湖社区服务中心2楼",
            sector: "东湖街道南湖社区", committee: "委员工作委员会", founded: (2024, 1, 9), closedTeam: false,
            style: .shaanxi(conveners: 1, liaison: true),
            seats: [
                seat("中共", .government, "明湖区东湖街道南湖社区党委", "书记", "社区治理、居家养老"),
                seat("民革", .culture), seat("医药卫生界", .medical), seat("总工会", .union),
                seat("妇联", .women), seat("无党派人士", .education),
            ]),
    ]

    /// The line of work usually behind each 界别, for members not placed on a team.
    static func fields(for sector: String) -> [DemoField] {
        switch sector {
        case "中共": [.government]
        case "民革": [.law, .culture, .business]
        case "民盟": [.education, .culture, .science]
        case "民建", "工商联", "经济界": [.business, .business, .ecommerce]
        case "民进": [.education, .culture, .media]
        case "农工党", "医药卫生界": [.medical]
        case "致公党": [.overseas, .science, .business]
        case "九三学社", "科协", "科技界": [.science]
        case "无党派人士": [.law, .medical, .education, .science]
        case "共青团和青联": [.youth]
        case "总工会": [.union]
        case "妇联": [.women]
        case "台联": [.taiwan]
        case "侨联": [.overseas]
        case "农业界": [.agriculture]
        case "教育界": [.education]
        case "文化艺术界": [.culture]
        case "体育界": [.sports]
        case "新闻出版界": [.media]
        case "社会科学界": [.socialScience]
        case "社会福利和社会保障界": [.welfare]
        case "少数民族界": [.ethnic]
        case "宗教界": [.religion]
        default: [.special]
        }
    }

    /// Members on no team: one per 界别 in the reference order, then a few more.
    static let unplacedCount = 30
}

// MARK: - Recipe

private struct DemoRecipe {
    var rng = DemoLCG(state: 0x4D48_2021_0315)
    var usedNames: Set<String> = []
    var usedPhones: Set<String> = []
    var usedPosts: Set<String> = []

    /// Titles several people in one unit may hold at once.
    static let sharedTitles: Set<String> = [
        "主任医师", "副主任医师", "主任中医师", "全科医生", "执业药师", "高级教师", "一级教师", "专业带头人",
        "教研员", "律师", "合伙人", "工程师", "高级农艺师", "记者", "教练员", "驾驶员",
    ]

    mutating func build() -> DemoDataSet {
        var members: [Member] = []
        var studios: [Studio] = []
        var memberships: [DemoMembership] = []

        // Reserve the fixed names and posts first so that no generated one repeats them.
        for plan in DemoPlan.studios {
            for s in plan.seats {
                if let n = s.name { usedNames.insert(n) }
                if let p = s.post { usedPosts.insert("\(p.unit) \(p.title)") }
            }
        }

        for plan in DemoPlan.studios {
            let studioIndex = studios.count
            var team: [Int] = []
            for s in plan.seats {
                team.append(members.count)
                members.append(makeMember(s))
            }
            let lead = members[team[0]]
            studios.append(Studio(
                name: plan.name ?? "\(lead.name)委员工作室", type: plan.type, mode: plan.mode,
                status: plan.status, profileID: plan.profileID, address: plan.address,
                sector: plan.sector ?? lead.sector, committee: plan.committee ?? lead.committee))

            let founded = CivilDate.dayNumber(year: plan.founded.0, month: plan.founded.1, day: plan.founded.2)
            let lastDay = CivilDate.dayNumber(year: 2025, month: 11, day: 28)
            for (position, memberIndex) in team.enumerated() {
                // The founding team joins on the founding day; a few join later.
                var joined = founded
                if !plan.closedTeam && position >= 3 && rng.chance(35) {
                    joined = min(founded + 60 + rng.int(900), lastDay)
                }
                memberships.append(DemoMembership(
                    studioIndex: studioIndex, memberIndex: memberIndex,
                    role: Self.role(plan.style, position: position), joinedOn: CivilDate(dayNumber: joined).iso))
            }
        }

        let sectors = CPPCCReference.sectors
        for i in 0..<DemoPlan.unplacedCount {
            let sector = sectors[i % sectors.count]
            members.append(makeMember(DemoSeat(sector: sector, field: rng.pick(DemoPlan.fields(for: sector)))))
        }

        // Shuffle so that a team's members are not neighbours in the list.
        var order = Array(members.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, rng.int(i + 1))
        }
        var newIndex = Array(repeating: 0, count: members.count)
        for (new, old) in order.enumerated() { newIndex[old] = new }
        let shuffled = order.map { members[$0] }
        for i in memberships.indices {
            memberships[i].memberIndex = newIndex[memberships[i].memberIndex]
        }

        return DemoDataSet(districtName: "明湖区", members: shuffled, studios: studios, memberships: memberships)
    }

    static func role(_ style: DemoTeamStyle, position: Int) -> StudioRole {
        switch style {
        case .shaanxi(let conveners, let liaison):
            if position < conveners { return .convener }
            if liaison && position == conveners { return .liaison }
            return .resident
        case .lead:
            return position == 0 ? .lead : .participant
        case .ordos:
            switch position {
            // Ordos: 主任 (lead), one 副主任 (convener), the rest 参与委员.
            case 0: return .lead
            case 1: return .convener
            default: return .participant
            }
        }
    }

    mutating func makeMember(_ seat: DemoSeat) -> Member {
        let field = seat.field
        let female = rng.chance(field.femalePercent)
        let name = seat.name ?? makeName(female: female)

        let unitTitle: String
        let expertise: String
        if let post = seat.post {
            unitTitle = "\(post.unit) \(post.title)"
            expertise = post.expertise
        } else {
            let made = makePost(field)
            unitTitle = made.0
            expertise = made.1
        }
        usedPosts.insert(unitTitle)

        let note = seat.note ?? (rng.chance(12) ? rng.pick(DemoNames.notes) : "")
        return Member(name: name, sector: seat.sector, committee: rng.pick(field.committees),
                      unitTitle: unitTitle, expertise: expertise, phone: makePhone(), note: note)
    }

    /// A post not yet held (several people may share "主任医师", not "院长").
    mutating func makePost(_ field: DemoField) -> (String, String) {
        var candidates: [(String, DemoPost)] = []
        for post in field.posts {
            for title in post.titles {
                let text = "\(post.unit) \(title)"
                if !usedPosts.contains(text) || Self.sharedTitles.contains(title) {
                    candidates.append((text, post))
                }
            }
        }
        if candidates.isEmpty {
            let post = rng.pick(field.posts)
            candidates = [("\(post.unit) \(rng.pick(post.titles))", post)]
        }
        let (text, post) = rng.pick(candidates)
        var skills = [rng.pick(post.expertise)]
        if rng.chance(55) {
            let other = post.expertise.filter { $0 != skills[0] }
            if !other.isEmpty { skills.append(rng.pick(other)) }
        }
        return (text, skills.joined(separator: "、"))
    }

    /// A name not used before whose initials do not contain "zxq" (张雪琴's, searched for by tests).
    mutating func makeName(female: Bool) -> String {
        while true {
            let surname = rng.chance(5) ? rng.pick(DemoNames.compoundSurnames) : rng.pick(DemoNames.surnames)
            let given = rng.pick(female ? DemoNames.femaleGiven : DemoNames.maleGiven)
            let name = surname + given
            if usedNames.contains(name) { continue }
            // Character.isNumber is true for some Han characters (一, 陆 …), which the validator refuses.
            if name.contains(where: \.isNumber) { continue }
            if PinyinKey(name).initials.contains("zxq") { continue }
            usedNames.insert(name)
            return name
        }
    }

    mutating func makePhone() -> String {
        while true {
            let prefix = rng.pick(DemoNames.mobilePrefixes)
            let rest = String(rng.int(100_000_000))
            let phone = prefix + String(repeating: "0", count: 8 - rest.count) + rest
            if usedPhones.insert(phone).inserted { return phone }
        }
    }
}
