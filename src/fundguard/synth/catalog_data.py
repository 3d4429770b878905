"""Static tables of the synthetic city: catalog items, knowledge points, diagnoses, departments.

Codes follow the national formats (drugs X… 23 chars / Z… 20 chars, consumables C… 20 chars,
services 15 digits, ICD-10 医保版 diagnoses).  ``role`` says where clean care may use an item;
``restricted`` items are never used by clean care (only by the injected schemes), so clean data can
never violate a deterministic knowledge point by accident.
"""

from __future__ import annotations

# (code, name, list_type, med_chrgitm_type, chrgitm_lv, drug_class, dosform, unit, price_fen,
#  is_surgery, role)
ITEMS: list[tuple[str, str, str, str, str, str | None, str | None, str, int, bool, str]] = [
    ("110200001000000", "普通门诊诊察费", "201", "02", "1", None, None, "次", 1000, False, "reg"),
    ("110200003000000", "急诊诊察费", "201", "02", "1", None, None, "次", 1500, False, "reg_er"),
    ("XJ01CAA040A001010100001", "阿莫西林胶囊", "101", "09", "1", "J01C", "胶囊剂", "盒", 1280, False, "op_drug"),
    ("XJ01DDA030A001010100002", "头孢克肟分散片", "101", "09", "2", "J01D", "片剂", "盒", 2650, False, "op_drug"),
    ("XR05CBA010A001010100003", "盐酸氨溴索口服溶液", "101", "09", "1", "R05C", "口服溶液剂", "瓶", 1860, False, "op_drug"),
    ("XA02BCA010A001010100004", "奥美拉唑肠溶胶囊", "101", "09", "1", "A02B", "胶囊剂", "盒", 1520, False, "op_drug"),
    ("XM01AEA010A001010100005", "布洛芬缓释胶囊", "101", "09", "1", "M01A", "胶囊剂", "盒", 980, False, "op_drug"),
    ("XR06AXA020A001010100006", "氯雷他定片", "101", "09", "1", "R06A", "片剂", "盒", 1750, False, "op_drug"),
    ("Z0100010010000000001", "连花清瘟胶囊", "102", "11", "1", "ZJB", "胶囊剂", "盒", 1480, False, "op_drug"),
    ("Z0100010020000000002", "蓝芩口服液", "102", "11", "2", "ZJB", "合剂", "盒", 2870, False, "op_drug"),
    ("Z0300020010000000003", "复方丹参滴丸", "102", "11", "1", "ZXX", "滴丸剂", "瓶", 2560, False, "chronic_drug"),
    ("XA10BAA020A001010100007", "盐酸二甲双胍片", "101", "09", "1", "A10B", "片剂", "盒", 860, False, "chronic_drug"),
    ("XC08CAA010A001010100008", "苯磺酸氨氯地平片", "101", "09", "1", "C08C", "片剂", "盒", 1320, False, "chronic_drug"),
    ("XC10AAA050A001010100009", "阿托伐他汀钙片", "101", "09", "1", "C10A", "片剂", "盒", 2240, False, "chronic_drug"),
    ("XC09CAA010A001010100010", "缬沙坦胶囊", "101", "09", "1", "C09C", "胶囊剂", "盒", 1980, False, "chronic_drug"),
    ("XJ01DDA630A001020100011", "注射用头孢曲松钠", "101", "09", "1", "J01D", "注射剂", "支", 860, False, "ip_drug"),
    ("XB05BBA010A001020100012", "0.9%氯化钠注射液", "101", "09", "1", "B05B", "注射剂", "袋", 350, False, "ip_drug"),
    ("XA02BCA010A001020100013", "注射用奥美拉唑钠", "101", "09", "2", "A02B", "注射剂", "支", 1260, False, "ip_drug"),
    ("XB01ABA050A001020100014", "依诺肝素钠注射液", "101", "09", "2", "B01A", "注射剂", "支", 3680, False, "ip_drug"),
    ("XN02BEA010A001020100015", "对乙酰氨基酚注射液", "101", "09", "2", "N02B", "注射剂", "瓶", 2450, False, "ip_drug"),
    ("Z0300030030000000004", "丹红注射液", "102", "11", "2", "ZXX", "注射剂", "支", 3120, False, "ip_drug"),
    ("XJ01DCA010A001020100022", "注射用头孢呋辛钠", "101", "09", "1", "J01D", "注射剂", "支", 980, False, "ip_drug"),
    ("XA12BAA010A001020100023", "氯化钾注射液", "101", "09", "1", "A12B", "注射剂", "支", 120, False, "ip_drug"),
    ("XB05BAA020A001020100024", "5%葡萄糖注射液", "101", "09", "1", "B05B", "注射剂", "袋", 380, False, "ip_drug"),
    ("XA11GAA010A001020100025", "维生素C注射液", "101", "09", "1", "A11G", "注射剂", "支", 90, False, "ip_drug"),
    ("210300001000000", "X线摄影(胸部正位)", "201", "03", "1", None, None, "次", 6000, False, "exam"),
    ("220600001000000", "彩色多普勒超声常规检查", "201", "03", "1", None, None, "部位", 15000, False, "exam"),
    ("210300009000000", "CT平扫(胸部)", "201", "03", "1", None, None, "部位", 22000, False, "exam"),
    ("310701001000000", "常规心电图检查", "201", "03", "1", None, None, "次", 2500, False, "exam"),
    ("250101001000000", "尿常规检查", "201", "04", "1", None, None, "次", 1000, False, "lab"),
    ("250305001000000", "肝功能测定", "201", "04", "1", None, None, "次", 4800, False, "lab"),
    ("250307001000000", "肾功能测定", "201", "04", "1", None, None, "次", 3600, False, "lab"),
    ("250302001000000", "葡萄糖测定", "201", "04", "1", None, None, "项", 600, False, "lab"),
    ("250501001000000", "C反应蛋白测定", "201", "04", "1", None, None, "项", 2000, False, "lab"),
    ("110900001000000", "普通病房床位费", "201", "01", "1", None, None, "日", 3000, False, "bed"),
    ("110900002000000", "一级护理", "201", "07", "1", None, None, "日", 2600, False, "nursing"),
    ("110900003000000", "二级护理", "201", "07", "1", None, None, "日", 1600, False, "nursing"),
    ("120400006000000", "静脉输液(首组)", "201", "05", "1", None, None, "次", 1200, False, "treat"),
    ("120400002000000", "肌肉注射", "201", "05", "1", None, None, "次", 500, False, "treat"),
    ("311000012000000", "雾化吸入", "201", "05", "1", None, None, "次", 1500, False, "treat"),
    # inpatient day-by-day services and consumables (stays.py)
    ("110200005000000", "住院诊查费", "201", "02", "1", None, None, "日", 1000, False, "ward_round"),
    ("120400007000000", "静脉输液(每增加一组)", "201", "05", "1", None, None, "组", 500, False, "infusion_extra"),
    ("120400001000000", "静脉注射", "201", "05", "1", None, None, "次", 400, False, "injection"),
    ("250302006000000", "末梢血糖测定", "201", "04", "1", None, None, "次", 800, False, "glucose"),
    ("310603001000000", "氧气吸入", "201", "05", "1", None, None, "小时", 250, False, "oxygen"),
    ("331001002000000", "腹腔镜下胆囊切除术", "201", "06", "1", None, None, "次", 320000, True, "surgery_K80"),
    ("331003003000000", "阑尾切除术", "201", "06", "1", None, None, "次", 150000, True, "surgery_K35"),
    ("330803007000000", "经皮冠状动脉内支架置入术", "201", "06", "1", None, None, "次", 550000, True, "surgery_I25"),
    ("331504023000000", "人工髋关节置换术", "201", "06", "1", None, None, "次", 480000, True, "surgery_S72"),
    ("331501001000000", "清创缝合术(小)", "201", "06", "1", None, None, "次", 28000, True, "surgery_minor"),
    ("330402010000000", "浅表淋巴结活检术", "201", "06", "1", None, None, "次", 36000, True, "surgery_minor"),
    ("C1401020110010000001", "一次性使用无菌注射器", "301", "08", "1", None, None, "支", 80, False, "consumable"),
    ("C1402010130010000002", "医用纱布块", "301", "08", "1", None, None, "包", 300, False, "consumable"),
    ("C1401030010010000004", "一次性使用静脉留置针", "301", "08", "1", None, None, "支", 1200, False, "cannula"),
    ("C1402030010010000005", "一次性使用输液贴", "301", "08", "1", None, None, "贴", 60, False, "infusion_tape"),
    # restricted items: only the injected schemes bill them
    ("250203025000000", "宫颈细胞学检查(液基薄层)", "201", "04", "1", None, None, "次", 16000, False, "restricted"),
    ("250404023000000", "总前列腺特异性抗原测定", "201", "04", "1", None, None, "项", 6000, False, "restricted"),
    ("XR05XAA010A001010100016", "小儿氨酚黄那敏颗粒", "101", "09", "1", "R05X", "颗粒剂", "盒", 1150, False, "restricted"),
    ("310603004000000", "新生儿蓝光治疗", "201", "05", "1", None, None, "小时", 800, False, "restricted"),
    ("XJ01DDA620A001020100017", "注射用头孢哌酮钠舒巴坦钠", "101", "09", "2", "J01D", "注射剂", "支", 4280, False, "restricted"),
    ("XL01CDA010A001020100018", "注射用紫杉醇(白蛋白结合型)", "101", "09", "2", "L01C", "注射剂", "瓶", 126000, False, "restricted"),
    ("XH01BBA020A001020100019", "缩宫素注射液", "101", "09", "1", "H01B", "注射剂", "支", 520, False, "restricted"),
    ("XB05AAA010A001020100020", "人血白蛋白", "101", "09", "2", "B05A", "注射剂", "瓶", 38000, False, "restricted"),
    ("340200001000000", "康复综合评定", "201", "05", "2", None, None, "次", 9000, False, "restricted"),
    ("340200013000000", "运动疗法", "201", "05", "1", None, None, "次", 4000, False, "restricted"),
    ("XV03AFA010A001010100021", "复方α-酮酸片", "101", "09", "2", "V03A", "片剂", "盒", 9800, False, "restricted"),
    ("250301003000000", "糖化血红蛋白测定", "201", "04", "1", None, None, "项", 7000, False, "restricted"),
    ("210300010000000", "CT增强扫描(胸部)", "201", "03", "1", None, None, "部位", 42000, False, "restricted"),
    ("330100003000000", "全身麻醉", "201", "06", "1", None, None, "次", 90000, False, "restricted"),
    ("330100015000000", "气管插管术", "201", "05", "1", None, None, "次", 12000, False, "restricted"),
    ("C0303051010010000003", "一次性使用输液器", "301", "08", "1", None, None, "套", 450, False, "restricted"),
    ("250101015000000", "血细胞分析(全血细胞计数)", "201", "04", "1", None, None, "次", 2000, False, "restricted"),
    ("250101002000000", "白细胞计数", "201", "04", "1", None, None, "项", 300, False, "restricted"),
    ("250101003000000", "红细胞计数", "201", "04", "1", None, None, "项", 300, False, "restricted"),
    ("250101004000000", "血红蛋白测定", "201", "04", "1", None, None, "项", 300, False, "restricted"),
    ("331501002000000", "清创缝合术(中)", "201", "06", "1", None, None, "次", 24000, True, "restricted"),
]

# (kp_id, kp_type, hilist_code, related_codes, sex, min_age_days, max_age_days, med_types,
#  min_medins_lv, insutypes, dise_prefixes, dept_codes, max_days, max_qty, max_count, period_days, remark)
KNOWLEDGE_POINTS: list[tuple] = [
    ("KP0001", "SEX", "250203025000000", None, "2", None, None, None, None, None, None, None, None, None, None, None, "限女性"),
    ("KP0002", "SEX", "250404023000000", None, "1", None, None, None, None, None, None, None, None, None, None, None, "限男性"),
    ("KP0003", "AGE", "XR05XAA010A001010100016", None, None, 0, 5113, None, None, None, None, None, None, None, None, None, "限14岁以下儿童"),
    ("KP0004", "AGE", "310603004000000", None, None, 0, 28, None, None, None, None, None, None, None, None, None, "限新生儿"),
    ("KP0005", "MED_TYPE", "XJ01DDA620A001020100017", None, None, None, None, "21;24;28;52", None, None, None, None, None, None, None, None, "限住院使用"),
    ("KP0006", "INST_LEVEL", "XL01CDA010A001020100018", None, None, None, None, None, "2", None, None, None, None, None, None, None, "限二级及以上医疗机构"),
    ("KP0007", "INSUTYPE", "XH01BBA020A001020100019", None, None, None, None, None, None, "510", None, None, None, None, None, None, "限生育保险"),
    ("KP0008", "INDICATION", "XB05AAA010A001020100020", None, None, None, None, None, None, None, "K74;C;R18", None, None, None, None, None, "限抢救、重症或因肝硬化、癌症引起胸腹水的患者"),
    ("KP0009", "DEPT", "340200001000000", None, None, None, None, None, None, None, None, "KF", None, None, None, None, "限康复医学科开展"),
    ("KP0010", "MAX_DAYS", "XA10BAA020A001010100007", None, None, None, None, None, None, None, None, None, 30, None, None, None, "单次支付不超过30天"),
    ("KP0011", "MAX_DAYS", "XC08CAA010A001010100008", None, None, None, None, None, None, None, None, None, 30, None, None, None, "单次支付不超过30天"),
    ("KP0012", "MAX_DAYS", "XJ01CAA040A001010100001", None, None, None, None, None, None, None, None, None, 7, None, None, None, "门诊单次支付不超过7天"),
    ("KP0013", "MAX_QTY", "XV03AFA010A001010100021", None, None, None, None, None, None, None, None, None, None, 6, None, None, "单次结算不超过6盒"),
    ("KP0014", "FREQ_DAY", "340200013000000", None, None, None, None, None, None, None, None, None, None, None, 1, 1, "每日限1次"),
    ("KP0015", "FREQ_STAY", "340200001000000", None, None, None, None, None, None, None, None, None, None, None, 3, None, "每次住院限3次"),
    ("KP0016", "FREQ_PERIOD", "250301003000000", None, None, None, None, None, None, None, None, None, None, None, 1, 90, "90天内限1次"),
    ("KP0017", "CONTAINS", "210300010000000", "210300009000000", None, None, None, None, None, None, None, None, None, None, None, None, "增强扫描已含平扫, 不得另收"),
    ("KP0018", "CONTAINS", "330100003000000", "330100015000000", None, None, None, None, None, None, None, None, None, None, None, None, "全身麻醉含气管插管, 不得另收"),
    ("KP0019", "ITEM_CONSUMABLE", "120400006000000", "C0303051010010000003", None, None, None, None, None, None, None, None, None, None, None, None, "静脉输液含输液器, 不得另收"),
    ("KP0020", "COMPOSITE", "250101015000000", "250101002000000;250101003000000;250101004000000", None, None, None, None, None, None, None, None, None, None, None, None, "血细胞分析为组合项目, 不得分解收费"),
    ("KP0021", "DX_SEX", "O80", None, "2", None, None, None, None, None, None, None, None, None, None, None, "单胎顺产限女性"),
    ("KP0022", "DX_SEX", "N40", None, "1", None, None, None, None, None, None, None, None, None, None, None, "前列腺增生限男性"),
    ("KP0023", "DX_AGE", "P07", None, None, 0, 28, None, None, None, None, None, None, None, None, None, "早产和低出生体重限新生儿"),
]

# ICD-10 医保版 diagnoses by care path; none of them is in a DX_* knowledge point.
OUTPATIENT_DX = ["J06.900", "J20.900", "K29.700", "J02.900", "M54.500", "K52.900", "L30.900",
                 "H10.900", "R51.x00", "J30.400"]
CHRONIC_DX = ["I10.x00", "E11.900", "I25.100", "J44.900", "N18.400"]
INPATIENT_DX = ["J18.900", "I63.900", "I25.100", "K80.200", "K35.800", "S72.000", "I50.900",
                "J44.100", "E11.900", "K29.700"]
SURGERY_BY_DX = {"K80": "surgery_K80", "K35": "surgery_K35", "I25": "surgery_I25", "S72": "surgery_S72"}

# (dept_code, dept_name) of hospitals; basic care uses QK (全科) only.
DEPARTMENTS = [("NK", "内科"), ("WK", "外科"), ("FK", "妇产科"), ("EK", "儿科"), ("JZ", "急诊科"),
               ("KF", "康复医学科"), ("ZY", "中医科")]

SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰建国红梅志强淑珍凤兰海燕春生")
