"""Generate kb/city/roads.yaml, the sample city's road network, deterministically from the tables below.

The sample city is modelled on Xuzhou (徐州). Coordinates are km, x east and y north of 彭城广场
(Pengcheng Square, ~34.26N 117.18E), converted from approximate latitude/longitude with 1° lat ≈ 111 km
and 1° lon ≈ 92 km. Town, junction and interchange names are real places; their positions are approximate
(read off a map, not surveyed). Gate nodes ``g_<enterprise_id>`` and the nodes next to fire stations,
hospitals, EMS centres and hazmat teams belong to the fictional sample enterprises and responders.

Edge lengths are the straight line times a road-class detour factor (expressway 1.12, arterial 1.18,
local 1.22, park 1.16) nudged by at most ±0.04 with a hash of the two node ids, so every length lies in
1.08-1.27 × the straight line and the output never changes between runs.

Usage::

    .venv/bin/python tools/gen_roads.py            # writes kb/city/roads.yaml
    .venv/bin/python tools/gen_roads.py --check    # also prints response times to every gate
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
from itertools import pairwise
from pathlib import Path

import networkx as nx
import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "kb" / "city" / "roads.yaml"

FACTOR = {"expressway": 1.12, "arterial": 1.18, "local": 1.22, "park": 1.16}
SPEED = {"expressway": 90.0, "arterial": 45.0, "local": 30.0, "park": 25.0}

# --------------------------------------------------------------------------- urban core grid
# North-south roads (x_km) and east-west roads (y_km) of the central city. 三环 is Xuzhou's third ring.
NS = [
    ("w3", "三环西路", "3rd Ring Rd W", -6.5),
    ("sd", "苏堤路", "Sudi Rd", -2.6),
    ("zs", "中山路", "Zhongshan Rd", 0.0),
    ("jf", "解放路", "Jiefang Rd", 1.4),
    ("fx", "复兴路", "Fuxing Rd", 2.8),
    ("e3", "三环东路", "3rd Ring Rd E", 5.6),
]
EW = [
    ("n3", "三环北路", "3rd Ring Rd N", 5.0),
    ("n2", "二环北路", "2nd Ring Rd N", 2.8),
    ("hh", "淮海路", "Huaihai Rd", 0.0),
    ("hp", "和平路", "Heping Rd", -2.0),
    ("s3", "三环南路", "3rd Ring Rd S", -4.8),
]
# 三环路 is an elevated urban express road (城市快速路) with ramps at the grid junctions: class expressway.
RING3 = {"n3", "s3", "w3", "e3"}
RING_CORNERS = {
    ("n3", "w3"): ("三环北路/三环西路立交", "3rd Ring NW interchange"),
    ("n3", "e3"): ("三环北路/三环东路立交", "3rd Ring NE interchange"),
    ("s3", "w3"): ("三环南路/三环西路立交", "3rd Ring SW interchange"),
    ("s3", "e3"): ("三环南路/三环东路立交", "3rd Ring SE interchange"),
}


def urban_district(x: float, y: float) -> str:
    """District of a central-city point: west is Quanshan, north Gulou, south-east Yunlong."""
    if x <= -1.0:
        return "quanshan"
    return "gulou" if y >= 0 else "yunlong"


def grid_id(ew: str, ns: str) -> str:
    return "c_pengcheng_sq" if (ew, ns) == ("hh", "zs") else f"c_{ew}_{ns}"


# --------------------------------------------------------------------------- other nodes
# (id, name_zh, name_en, x_km, y_km, district)
# fmt: off
NODES: list[tuple[str, str, str, float, float, str]] = [
    # central city landmarks and responders
    ("c_xuzhou_stn", "徐州站", "Xuzhou Railway Station", 3.6, 0.4, "gulou"),
    ("c_pipa", "琵琶街道（黄河北路）", "Pipa Subdistrict (Huanghe Rd N)", 2.0, 3.9, "gulou"),
    ("c_jiuli", "九里山（九里街道）", "Jiulishan (Jiuli Subdistrict)", -3.5, 6.6, "gulou"),
    ("c_huaita", "淮海战役烈士纪念塔", "Huaihai Campaign Martyrs Memorial", 2.4, -1.3, "yunlong"),
    ("c_yunlong_lake", "云龙湖（湖东路）", "Yunlong Lake (Hudong Rd)", -2.2, -3.3, "quanshan"),
    ("c_cumt", "中国矿业大学南湖校区", "CUMT Nanhu Campus", -4.8, -6.6, "tongshan"),
    ("c_zhaishan", "翟山街道", "Zhaishan Subdistrict", 4.4, -3.6, "yunlong"),
    ("c_daguozhuang", "大郭庄（和平路东延）", "Daguozhuang (Heping Rd E)", 7.4, -2.2, "yunlong"),
    ("c_xzdong_stn", "徐州东站", "Xuzhou East Railway Station", 10.0, -4.6, "yunlong"),
    ("c_damiao", "大庙街道", "Damiao Subdistrict", 12.6, -6.0, "yunlong"),
    ("c_jinshanqiao", "金山桥（徐海路）", "Jinshanqiao (Xuhai Rd)", 8.0, 3.0, "tongshan"),
    ("c_fire_tq1", "特勤一站门前（淮海西路）", "Special Service Station 1 apron (Huaihai Rd W)", -3.2, 0.8, "quanshan"),
    ("c_fire_gulou", "鼓楼消防站门前（黄河北路）", "Gulou fire station apron (Huanghe Rd N)", 2.4, 4.4, "gulou"),
    ("c_fire_quanshan", "泉山消防站门前（西苑）", "Quanshan fire station apron (Xiyuan)", -4.6, -1.2, "quanshan"),
    ("c_fire_yunlong", "云龙消防站门前（和平路）", "Yunlong fire station apron (Heping Rd)", 3.6, -2.4, "yunlong"),
    ("c_fire_tq2", "特勤二站门前（淮海东路）", "Special Service Station 2 apron (Huaihai Rd E)", 6.1, 0.6, "gulou"),
    ("c_hosp_poison", "区域中毒救治中心医院（样例）门前", "Regional poison centre hospital (sample) entrance", 1.0, 1.6, "gulou"),
    ("c_hosp_8", "第八人民医院（样例）门前", "No. 8 People's Hospital (sample) entrance", -3.6, -0.8, "quanshan"),
    ("c_hosp_9", "第九人民医院（样例）门前", "No. 9 People's Hospital (sample) entrance", 4.2, -1.0, "yunlong"),
    ("c_ems_120", "市急救中心（样例）门前", "City 120 EMS centre (sample) entrance", 1.6, 1.0, "gulou"),
    ("c_runleng_rd", "三环西路/王陵路口", "3rd Ring Rd W / Wangling Rd", -6.0, -1.3, "quanshan"),
    ("g_runleng_cold_store", "润冷冷链（虚构）大门", "Runleng cold store (fictional) gate", -5.4, -1.7, "quanshan"),
    ("c_xinran_rd", "大郭庄路/和平路东口", "Daguozhuang Rd / Heping Rd E", 7.9, -1.6, "yunlong"),
    ("g_xinran_lpg", "鑫燃液化气储配站（虚构）大门", "Xinran LPG station (fictional) gate", 8.2, -1.0, "yunlong"),
    # Tongshan District (铜山区)
    ("t_hanyuan_n", "汉源大道/三环南路口", "Hanyuan Ave / 3rd Ring Rd S", -0.9, -6.0, "tongshan"),
    ("t_tongshan_gov", "铜山区政府（铜山新区）", "Tongshan District Government (Tongshan New Town)", -0.9, -8.9, "tongshan"),
    ("t_hanyuan_s", "汉源大道南段（铜山新区南）", "Hanyuan Ave south (Tongshan New Town S)", -0.9, -12.0, "tongshan"),
    ("t_gaoxin", "徐州高新区（铜山）", "Xuzhou Hi-tech Zone (Tongshan)", -3.8, -12.3, "tongshan"),
    ("t_hanwang", "汉王镇", "Hanwang Town", -7.0, -14.5, "tongshan"),
    ("t_sanbao", "三堡街道", "Sanbao Subdistrict", 3.0, -16.5, "tongshan"),
    ("t_tangzhang", "棠张镇", "Tangzhang Town", 6.0, -27.0, "tongshan"),
    ("t_yizhuang", "伊庄镇", "Yizhuang Town", 9.0, -14.0, "tongshan"),
    ("t_fangcun", "房村镇", "Fangcun Town", 16.0, -21.0, "tongshan"),
    ("t_shanji", "单集镇", "Shanji Town", 22.0, -18.0, "tongshan"),
    ("t_dapeng", "大彭镇", "Dapeng Town", -14.0, 0.2, "tongshan"),
    ("t_g311_w", "G311 苏皖省界（萧县方向）", "G311 Jiangsu-Anhui border (to Xiaoxian)", -25.0, 1.0, "tongshan"),
    ("t_zhengji", "郑集镇", "Zhengji Town", -14.0, 12.0, "tongshan"),
    ("t_liuxin", "柳新镇", "Liuxin Town", -8.0, 22.0, "tongshan"),
    ("t_liuquan", "柳泉镇", "Liuquan Town", -0.9, 18.9, "tongshan"),
    ("t_lanjiaba", "蔺家坝（京杭运河船闸）", "Lanjiaba (Grand Canal lock)", -1.8, 13.3, "tongshan"),
    ("t_maocun", "茅村镇", "Maocun Town", 4.6, 11.1, "tongshan"),
    ("t_canal_rd", "不牢河南岸路（京杭运河）", "Bulao River south bank road (Grand Canal)", 4.9, 8.5, "tongshan"),
    ("g_ganghua_oil_depot", "港华石油储运（虚构）大门", "Ganghua oil depot (fictional) gate", 5.4, 8.0, "tongshan"),
    ("t_liguo", "利国镇", "Liguo Town", 9.0, 34.0, "tongshan"),
    ("t_xuzhuang", "徐庄镇", "Xuzhuang Town", 17.0, 1.5, "tongshan"),
    ("t_daxu", "大许镇", "Daxu Town", 23.0, 4.4, "tongshan"),
    ("t_fire_tongshan", "铜山消防站门前（汉源大道）", "Tongshan fire station apron (Hanyuan Ave)", -0.4, -9.6, "tongshan"),
    ("t_hosp_tongshan", "铜山区人民医院（样例）门前", "Tongshan People's Hospital (sample) entrance", -1.6, -9.2, "tongshan"),
    ("t_airport", "徐州观音国际机场", "Xuzhou Guanyin International Airport", 34.5, -22.2, "suining"),
    # Xuzhou Economic and Technological Development Zone (徐州经济技术开发区, in Tongshan)
    ("p_xzedz_w", "经开区西口（金山东路/徐海路）", "XZEDZ west entrance (Jinshan Rd E / Xuhai Rd)", 10.2, 3.4, "tongshan"),
    ("p_xzedz_c", "经开区新材料产业园中心路口", "XZEDZ new-materials park central junction", 12.4, 4.6, "tongshan"),
    ("p_xzedz_n", "经开区新材料产业园北路", "XZEDZ new-materials park north road", 13.0, 6.4, "tongshan"),
    ("p_xzedz_e", "经开区新材料产业园东口", "XZEDZ new-materials park east entrance", 15.2, 4.2, "tongshan"),
    ("g_jingyuan_polysilicon", "晶源多晶硅（虚构）大门", "Jingyuan polysilicon (fictional) gate", 13.8, 5.6, "tongshan"),
    ("p_xzedz_fire", "经开区消防站门前", "XZEDZ fire station apron", 10.8, 4.0, "tongshan"),
    ("p_xzedz_ht", "经开区危化品应急救援基地门前", "XZEDZ hazmat rescue base apron", 13.2, 5.0, "tongshan"),
    ("p_dahuangshan", "大黄山街道", "Dahuangshan Subdistrict", 13.6, 8.6, "tongshan"),
    # Jiawang District (贾汪区) and Jiawang Industrial Park
    ("j_gov", "贾汪区政府（贾汪城区）", "Jiawang District Government (Jiawang town centre)", 25.0, 21.0, "jiawang"),
    ("j_west", "贾汪城区西（泉城路）", "Jiawang town west (Quancheng Rd)", 23.2, 20.4, "jiawang"),
    ("j_pananhu", "潘安湖", "Pan'an Lake", 19.3, 13.3, "jiawang"),
    ("j_qingshanquan", "青山泉镇", "Qingshanquan Town", 17.5, 15.5, "jiawang"),
    ("j_zizhuang", "紫庄镇", "Zizhuang Town", 13.0, 18.0, "jiawang"),
    ("j_dawu", "大吴街道", "Dawu Subdistrict", 29.0, 18.6, "jiawang"),
    ("j_jiangzhuang", "江庄镇", "Jiangzhuang Town", 31.0, 23.0, "jiawang"),
    ("j_tashan", "塔山镇", "Tashan Town", 27.0, 26.0, "jiawang"),
    ("j_biantang", "汴塘镇", "Biantang Town", 22.0, 29.0, "jiawang"),
    ("j_fire", "贾汪消防站门前", "Jiawang fire station apron", 24.6, 21.6, "jiawang"),
    ("j_hosp", "贾汪区人民医院（样例）门前", "Jiawang People's Hospital (sample) entrance", 25.6, 20.6, "jiawang"),
    ("jip_w", "贾汪工业园区西口", "Jiawang Industrial Park west entrance", 26.6, 17.6, "jiawang"),
    ("jip_c", "贾汪工业园区中心路口", "Jiawang Industrial Park central junction", 27.6, 17.2, "jiawang"),
    ("jip_e", "贾汪工业园区东口", "Jiawang Industrial Park east entrance", 28.6, 17.0, "jiawang"),
    ("jip_s", "贾汪工业园区南路", "Jiawang Industrial Park south road", 27.6, 16.2, "jiawang"),
    ("g_kuanglian_an", "矿联硝酸铵（虚构）大门", "Kuanglian ammonium nitrate (fictional) gate", 28.8, 16.0, "jiawang"),
    ("g_haotong_logistics", "浩通危化品仓储（虚构）大门", "Haotong hazchem warehouse (fictional) gate", 26.8, 16.4, "jiawang"),
    ("jip_fire", "贾汪工业园区专职消防队门前", "Jiawang park full-time fire brigade apron", 27.6, 17.8, "jiawang"),
    # Pizhou (邳州市)
    ("pz_bayiji", "八义集镇", "Bayiji Town", 41.0, 4.6, "pizhou"),
    ("pz_nianzhuang", "碾庄镇", "Nianzhuang Town", 58.0, -4.0, "pizhou"),
    ("pz_west", "邳州城区西（G206）", "Pizhou town west (G206)", 68.2, 7.4, "pizhou"),
    ("pz_center", "邳州市政府（运河街道）", "Pizhou City Government (Yunhe Subdistrict)", 72.0, 8.0, "pizhou"),
    ("pz_north", "邳州城区北（官湖方向）", "Pizhou town north (to Guanhu)", 72.6, 11.6, "pizhou"),
    ("pz_guanhu", "官湖镇", "Guanhu Town", 73.0, 22.0, "pizhou"),
    ("pz_east", "邳州城区东（G206）", "Pizhou town east (G206)", 76.4, 8.6, "pizhou"),
    ("pz_south", "邳州城区南", "Pizhou town south", 73.0, 4.6, "pizhou"),
    ("pz_tushan", "土山镇", "Tushan Town", 74.0, -12.0, "pizhou"),
    ("pz_fire", "邳州消防站门前", "Pizhou fire station apron", 71.4, 8.6, "pizhou"),
    ("pz_hosp", "邳州市人民医院（样例）门前", "Pizhou People's Hospital (sample) entrance", 72.8, 9.2, "pizhou"),
    ("pzcz_entry", "邳州化工集聚区入口（化工大道/G206支线）", "Pizhou chemical zone entrance (Huagong Ave)", 75.6, 3.6, "pizhou"),
    ("pzcz_c", "邳州化工集聚区中心路口", "Pizhou chemical zone central junction", 77.0, 2.6, "pizhou"),
    ("pzcz_e", "邳州化工集聚区东路", "Pizhou chemical zone east road", 78.0, 2.2, "pizhou"),
    ("pzcz_s", "邳州化工集聚区南路", "Pizhou chemical zone south road", 77.0, 1.4, "pizhou"),
    ("g_ruifeng_nitration", "瑞丰硝化（虚构）大门", "Ruifeng nitration (fictional) gate", 78.4, 1.6, "pizhou"),
    ("g_fuyuan_fluoro", "氟源新材料（虚构）大门", "Fuyuan fluorochemical (fictional) gate", 76.4, 1.0, "pizhou"),
    ("pzcz_fire", "邳州化工集聚区专职消防站门前", "Pizhou chemical zone full-time fire station apron", 76.4, 3.0, "pizhou"),
    ("pzcz_ht", "邳州危化品应急救援队基地门前", "Pizhou hazmat rescue team base apron", 77.6, 3.2, "pizhou"),
    # Xinyi (新沂市)
    ("xy_wayao", "瓦窑镇", "Wayao Town", 90.0, 10.0, "xinyi"),
    ("xy_west", "新沂城区西（G206）", "Xinyi town west (G206)", 103.4, 11.6, "xinyi"),
    ("xy_center", "新沂市政府（新安街道）", "Xinyi City Government (Xin'an Subdistrict)", 107.0, 12.0, "xinyi"),
    ("xy_station", "新沂站", "Xinyi Railway Station", 106.2, 13.6, "xinyi"),
    ("xy_north", "新沂城区北", "Xinyi town north", 107.6, 15.6, "xinyi"),
    ("xy_ahu", "阿湖镇", "Ahu Town", 105.0, 30.0, "xinyi"),
    ("xy_east", "新沂城区东（棋盘方向）", "Xinyi town east (to Qipan)", 110.6, 12.4, "xinyi"),
    ("xy_qipan", "棋盘镇", "Qipan Town", 115.0, 13.0, "xinyi"),
    ("xy_south", "新沂城区南", "Xinyi town south", 107.4, 8.6, "xinyi"),
    ("xy_yaowan", "窑湾镇（京杭运河）", "Yaowan Town (Grand Canal)", 98.0, -14.0, "xinyi"),
    ("xy_fire", "新沂消防站门前", "Xinyi fire station apron", 106.6, 12.6, "xinyi"),
    ("xy_hosp", "新沂市人民医院（样例）门前", "Xinyi People's Hospital (sample) entrance", 107.6, 12.8, "xinyi"),
    ("xy_hosp2", "新沂市第二人民医院（样例）门前", "Xinyi No. 2 People's Hospital (sample) entrance", 108.8, 9.4, "xinyi"),
    ("xy_ems", "新沂急救分站（样例）门前", "Xinyi 120 sub-station (sample) apron", 106.8, 11.4, "xinyi"),
    ("xycz_entry", "新沂化工集聚区入口", "Xinyi chemical zone entrance", 110.6, 6.8, "xinyi"),
    ("xycz_c", "新沂化工集聚区中心路口（纬一路）", "Xinyi chemical zone central junction (Weiyi Rd)", 111.8, 5.8, "xinyi"),
    ("xycz_n", "新沂化工集聚区北路", "Xinyi chemical zone north road", 112.2, 6.8, "xinyi"),
    ("xycz_e", "新沂化工集聚区东路", "Xinyi chemical zone east road", 113.0, 5.4, "xinyi"),
    ("xycz_s", "新沂化工集聚区南路", "Xinyi chemical zone south road", 112.0, 4.6, "xinyi"),
    ("g_hengsheng_chloralkali", "恒晟氯碱（虚构）大门", "Hengsheng chlor-alkali (fictional) gate", 112.8, 7.0, "xinyi"),
    ("g_anda_phosgene", "安达精细化工（虚构）大门", "Anda fine chemical (fictional) gate", 113.4, 4.8, "xinyi"),
    ("g_kangtuo_pharma", "康拓医药中间体（虚构）大门", "Kangtuo pharma intermediates (fictional) gate", 111.2, 4.4, "xinyi"),
    ("xycz_fire", "新沂化工集聚区专职消防站门前", "Xinyi chemical zone full-time fire station apron", 111.2, 6.2, "xinyi"),
    # Suining County (睢宁县)
    ("sn_wangji", "王集镇", "Wangji Town", 52.0, -29.0, "suining"),
    ("sn_gupi", "古邳镇", "Gupi Town", 75.0, -24.0, "suining"),
    ("sn_station", "睢宁站（徐宿淮盐铁路）", "Suining Station (Xuzhou-Suqian-Huai'an-Yancheng railway)", 71.0, -34.0, "suining"),
    ("sn_center", "睢宁县政府（睢城街道）", "Suining County Government (Suicheng Subdistrict)", 71.0, -39.0, "suining"),
    ("sn_west", "睢宁城区西", "Suining town west", 68.4, -39.4, "suining"),
    ("sn_east", "睢宁城区东（经济开发区）", "Suining town east (development zone)", 74.0, -39.6, "suining"),
    ("g_lvhuan_hazwaste", "绿环危废处置（虚构）大门", "Lvhuan hazardous-waste plant (fictional) gate", 75.6, -42.0, "suining"),
    ("sn_shaji", "沙集镇", "Shaji Town", 86.0, -40.0, "suining"),
    ("sn_shuanggou", "双沟镇", "Shuanggou Town", 56.0, -50.0, "suining"),
    ("sn_fire", "睢宁消防站门前", "Suining fire station apron", 70.4, -38.4, "suining"),
    ("sn_hosp", "睢宁县人民医院（样例）门前", "Suining People's Hospital (sample) entrance", 71.8, -38.4, "suining"),
    # Fengxian County (丰县)
    ("fx_huashan", "华山镇", "Huashan Town", -38.0, 38.0, "fengxian"),
    ("fx_southeast", "丰县城东南（徐丰公路）", "Fengxian town SE (Xu-Feng Rd)", -49.0, 45.6, "fengxian"),
    ("fx_center", "丰县县政府（凤城街道）", "Fengxian County Government (Fengcheng Subdistrict)", -54.0, 48.6, "fengxian"),
    ("fx_east", "丰县城东（丰沛公路）", "Fengxian town east (Feng-Pei Rd)", -50.0, 49.4, "fengxian"),
    ("fx_songlou", "宋楼镇", "Songlou Town", -40.0, 49.0, "fengxian"),
    ("fx_fire", "丰县消防站门前", "Fengxian fire station apron", -53.4, 49.2, "fengxian"),
    ("fx_hosp", "丰县人民医院（样例）门前", "Fengxian People's Hospital (sample) entrance", -54.6, 48.0, "fengxian"),
    # Peixian County (沛县) and Peixian Economic Development Zone
    ("px_jingan", "敬安镇", "Jing'an Town", -17.0, 40.0, "peixian"),
    ("px_south", "沛县城南（徐沛快速通道）", "Peixian town south (Xu-Pei road)", -21.0, 47.0, "peixian"),
    ("px_center", "沛县县政府（沛城街道）", "Peixian County Government (Peicheng Subdistrict)", -22.0, 51.0, "peixian"),
    ("px_west", "沛县城西（丰沛公路）", "Peixian town west (Feng-Pei Rd)", -26.0, 51.0, "peixian"),
    ("px_datun", "大屯街道", "Datun Subdistrict", -20.0, 58.0, "peixian"),
    ("px_edz_entry", "沛县经济开发区入口", "Peixian EDZ entrance", -19.4, 48.6, "peixian"),
    ("px_edz_c", "沛县经济开发区中心路口", "Peixian EDZ central junction", -18.4, 48.0, "peixian"),
    ("px_edz_s", "沛县经济开发区南路", "Peixian EDZ south road", -17.8, 47.0, "peixian"),
    ("g_longyuan_coalchem", "龙源煤化工（虚构）大门", "Longyuan coal chemical (fictional) gate", -17.2, 47.6, "peixian"),
    ("px_fire", "沛县消防站门前", "Peixian fire station apron", -22.6, 51.4, "peixian"),
    ("px_hosp", "沛县人民医院（样例）门前", "Peixian People's Hospital (sample) entrance", -21.4, 51.6, "peixian"),
    # expressway interchanges (positions approximate)
    ("x_g30_w_border", "连霍高速苏皖省界（萧县方向）", "G30 Lianhuo Expwy, Jiangsu-Anhui border (to Xiaoxian)", -27.0, -7.0, "tongshan"),
    ("x_g30_xz_west", "连霍高速徐州西互通", "G30 Xuzhou West interchange", -12.0, -8.0, "tongshan"),
    ("x_g30_xz_south", "连霍高速徐州南互通（三堡）", "G30 Xuzhou South interchange (Sanbao)", 0.6, -14.6, "tongshan"),
    ("x_hub_se", "徐州东南枢纽（G3/G30/G2513）", "Xuzhou SE hub (G3 / G30 / G2513)", 12.0, -10.0, "tongshan"),
    ("x_g30_daxu", "连霍高速大许互通", "G30 Daxu interchange", 22.0, 1.0, "tongshan"),
    ("x_g30_bayiji", "连霍高速八义集互通", "G30 Bayiji interchange", 41.0, 3.0, "pizhou"),
    ("x_g30_pizhou", "连霍高速邳州互通", "G30 Pizhou interchange", 67.0, 5.0, "pizhou"),
    ("x_g30_g2_hub", "新沂枢纽（G30/G2）", "Xinyi hub (G30 / G2)", 101.0, 16.0, "xinyi"),
    ("x_g30_xinyi", "连霍高速新沂互通", "G30 Xinyi interchange", 110.0, 17.5, "xinyi"),
    ("x_g30_e_end", "连霍高速市界（东海/连云港方向）", "G30 city boundary (to Donghai / Lianyungang)", 124.0, 21.0, "xinyi"),
    ("x_g3_n_border", "京台高速苏鲁省界（枣庄方向）", "G3 Jingtai Expwy, Jiangsu-Shandong border (to Zaozhuang)", 6.0, 43.0, "tongshan"),
    ("x_g3_liguo", "京台高速利国互通", "G3 Liguo interchange", 8.0, 33.0, "tongshan"),
    ("x_g3_maocun", "京台高速徐州北互通（茅村）", "G3 Xuzhou North interchange (Maocun)", 7.0, 15.0, "tongshan"),
    ("x_g3_dahuangshan", "京台高速徐州东互通（大黄山）", "G3 Xuzhou East interchange (Dahuangshan)", 14.0, 7.0, "tongshan"),
    ("x_g3_fangcun", "京台高速房村互通", "G3 Fangcun interchange", 15.0, -22.0, "tongshan"),
    ("x_g3_s_border", "京台高速苏皖省界（宿州方向）", "G3 Jiangsu-Anhui border (to Suzhou, Anhui)", 12.0, -40.0, "tongshan"),
    ("x_g2513_airport", "淮徐高速观音机场互通", "G2513 Guanyin Airport interchange", 32.0, -20.0, "suining"),
    ("x_g2513_suining", "淮徐高速睢宁互通", "G2513 Suining interchange", 66.0, -34.0, "suining"),
    ("x_g2513_se_end", "淮徐高速市界（宿迁/淮安方向）", "G2513 city boundary (to Suqian / Huai'an)", 92.0, -52.0, "suining"),
    ("x_g2_n_border", "京沪高速苏鲁省界（郯城方向）", "G2 Jinghu Expwy, Jiangsu-Shandong border (to Tancheng)", 99.0, 40.0, "xinyi"),
    ("x_g2_xinyi_s", "京沪高速新沂南互通", "G2 Xinyi South interchange", 104.0, 3.0, "xinyi"),
    ("x_g2_s_end", "京沪高速市界（宿迁方向）", "G2 city boundary (to Suqian)", 108.0, -24.0, "xinyi"),
    ("x_xj_dahuangshan", "徐贾快速通道大黄山互通", "Xu-Jia expressway Dahuangshan interchange", 12.0, 10.0, "tongshan"),
    ("x_xj_pananhu", "徐贾快速通道潘安湖互通", "Xu-Jia expressway Pan'an Lake interchange", 19.0, 14.6, "jiawang"),
    ("x_xj_jiawang", "徐贾快速通道贾汪出口", "Xu-Jia expressway Jiawang exit", 23.4, 19.0, "jiawang"),
]
# fmt: on

# --------------------------------------------------------------------------- edges
# chains of (class, node, node, ...): consecutive nodes are joined
# fmt: off
CHAINS: list[tuple[str, tuple[str, ...]]] = [
    # central city extras
    ("local", ("c_hh_fx", "c_xuzhou_stn", "c_hh_e3")),
    ("local", ("c_n2_jf", "c_pipa", "c_n3_fx")),
    ("local", ("c_pipa", "c_fire_gulou", "c_n3_fx")),
    ("arterial", ("c_n3_w3", "c_jiuli", "c_n3_sd")),
    ("local", ("c_hp_jf", "c_huaita", "c_hp_fx")),
    ("arterial", ("c_hp_sd", "c_yunlong_lake", "c_s3_sd")),
    ("local", ("c_s3_w3", "c_cumt", "c_s3_sd")),
    ("local", ("c_hp_fx", "c_fire_yunlong", "c_zhaishan", "c_s3_e3")),
    ("arterial", ("c_hp_e3", "c_daguozhuang", "c_xinran_rd")),
    ("local", ("c_xinran_rd", "g_xinran_lpg")),
    ("local", ("c_hh_e3", "c_fire_tq2")),
    ("local", ("c_daguozhuang", "c_xzdong_stn")),
    ("arterial", ("c_s3_e3", "c_xzdong_stn", "c_damiao", "x_hub_se")),
    ("local", ("c_n2_sd", "c_fire_tq1", "c_hh_sd")),
    ("local", ("c_n2_zs", "c_hosp_poison", "c_n2_jf")),
    ("local", ("c_pengcheng_sq", "c_ems_120", "c_hosp_poison")),
    ("local", ("c_ems_120", "c_hh_jf")),
    ("local", ("c_hh_sd", "c_hosp_8", "c_fire_quanshan", "c_hh_w3")),
    ("local", ("c_hosp_8", "c_hp_sd")),
    ("local", ("c_hh_e3", "c_hosp_9", "c_hp_fx")),
    ("arterial", ("c_hh_w3", "c_runleng_rd", "c_hp_w3")),
    ("local", ("c_runleng_rd", "g_runleng_cold_store", "c_fire_quanshan")),
    # Tongshan
    ("arterial", ("c_s3_zs", "t_hanyuan_n", "t_tongshan_gov", "t_hanyuan_s", "x_g30_xz_south", "t_sanbao")),
    ("local", ("t_tongshan_gov", "t_fire_tongshan")),
    ("local", ("t_tongshan_gov", "t_hosp_tongshan")),
    ("local", ("t_fire_tongshan", "t_hanyuan_s")),
    ("arterial", ("c_cumt", "t_gaoxin", "t_hanyuan_s")),
    ("arterial", ("t_gaoxin", "t_hanwang", "x_g30_xz_west")),
    ("arterial", ("t_sanbao", "t_tangzhang")),
    ("arterial", ("c_hh_w3", "t_dapeng", "t_g311_w")),  # G311
    ("arterial", ("t_dapeng", "x_g30_xz_west")),
    ("arterial", ("c_s3_w3", "x_g30_xz_west")),
    ("arterial", ("c_n3_zs", "t_lanjiaba", "t_liuquan", "t_liguo")),  # G104 north
    ("arterial", ("t_liguo", "x_g3_liguo")),
    ("arterial", ("c_n3_fx", "t_maocun", "x_g3_maocun")),
    ("local", ("t_maocun", "t_canal_rd", "g_ganghua_oil_depot")),
    ("arterial", ("c_n3_e3", "t_canal_rd")),
    ("arterial", ("c_s3_e3", "t_yizhuang", "t_shanji", "sn_wangji", "sn_west", "sn_center")),  # G104 south
    ("arterial", ("t_yizhuang", "x_hub_se")),
    ("arterial", ("t_fangcun", "x_g3_fangcun")),
    ("arterial", ("t_yizhuang", "t_fangcun", "t_shanji")),
    ("arterial", ("x_g2513_airport", "t_airport")),
    ("arterial", ("t_shanji", "t_airport")),
    # G206 / Xuhai Rd east: city - XZEDZ - Daxu - Bayiji - Pizhou - Xinyi
    ("arterial", ("c_hh_e3", "c_jinshanqiao", "p_xzedz_w", "t_xuzhuang", "t_daxu", "pz_bayiji", "pz_west")),
    ("arterial", ("c_n3_e3", "c_jinshanqiao")),
    ("arterial", ("pz_west", "pz_center", "pz_east", "xy_wayao", "xy_west", "xy_center")),
    # XZEDZ park roads
    ("park", ("p_xzedz_w", "p_xzedz_fire")),
    ("park", ("p_xzedz_w", "p_xzedz_c", "p_xzedz_e", "t_xuzhuang")),
    ("park", ("p_xzedz_c", "p_xzedz_ht", "g_jingyuan_polysilicon")),
    ("park", ("p_xzedz_c", "p_xzedz_n", "g_jingyuan_polysilicon", "p_xzedz_e")),
    ("arterial", ("p_xzedz_n", "p_dahuangshan", "x_g3_dahuangshan")),
    ("arterial", ("p_xzedz_e", "x_g3_dahuangshan")),
    # Xu-Jia expressway (urban 快速路) and Jiawang
    ("expressway", ("c_n3_e3", "x_xj_dahuangshan", "x_xj_pananhu", "x_xj_jiawang")),
    ("arterial", ("x_xj_dahuangshan", "p_dahuangshan")),
    ("arterial", ("x_xj_pananhu", "j_pananhu", "j_qingshanquan", "j_zizhuang", "t_maocun")),
    ("arterial", ("x_xj_jiawang", "j_west", "j_gov", "j_jiangzhuang")),
    ("arterial", ("j_gov", "j_tashan", "j_biantang", "t_liguo")),
    ("local", ("j_west", "j_fire", "j_gov", "j_hosp")),
    ("arterial", ("j_gov", "j_dawu", "t_daxu")),
    ("arterial", ("j_qingshanquan", "j_west")),
    ("arterial", ("x_xj_jiawang", "jip_w")),
    ("park", ("jip_w", "jip_c", "jip_e", "j_dawu")),
    ("park", ("jip_w", "g_haotong_logistics", "jip_s", "g_kuanglian_an", "jip_e")),
    ("park", ("jip_c", "jip_s")),
    ("park", ("jip_c", "jip_fire")),
    # Pizhou
    ("arterial", ("pz_bayiji", "x_g30_bayiji")),
    ("arterial", ("pz_bayiji", "pz_nianzhuang", "pz_south")),
    ("arterial", ("x_g30_pizhou", "pz_west")),
    ("arterial", ("x_g30_pizhou", "pz_south", "pzcz_entry")),
    ("local", ("pz_center", "pz_fire", "pz_west")),
    ("local", ("pz_center", "pz_hosp", "pz_north")),
    ("arterial", ("pz_center", "pz_north", "pz_guanhu")),
    ("arterial", ("pz_center", "pz_south", "pz_tushan", "sn_gupi", "sn_station", "sn_center")),
    ("arterial", ("pz_east", "pzcz_entry")),
    ("park", ("pzcz_entry", "pzcz_fire", "pzcz_c", "pzcz_e", "g_ruifeng_nitration")),
    ("park", ("pzcz_c", "pzcz_s", "g_fuyuan_fluoro", "pzcz_fire")),
    ("park", ("pzcz_entry", "pzcz_ht", "pzcz_e")),
    ("park", ("pzcz_ht", "pzcz_c")),
    ("park", ("pzcz_s", "g_ruifeng_nitration")),
    # Xinyi
    ("arterial", ("xy_west", "xy_station", "xy_north", "x_g30_xinyi")),
    ("local", ("xy_center", "xy_fire", "xy_station")),
    ("local", ("xy_center", "xy_hosp", "xy_north")),
    ("local", ("xy_center", "xy_ems", "xy_south")),
    ("arterial", ("xy_center", "xy_east", "xy_qipan")),
    ("arterial", ("xy_center", "xy_south", "xycz_entry")),
    ("local", ("xy_south", "xy_hosp2", "xycz_entry")),
    ("arterial", ("xy_north", "xy_ahu", "x_g2_n_border")),
    ("arterial", ("x_g2_xinyi_s", "xy_south")),
    ("arterial", ("x_g2_xinyi_s", "xy_yaowan")),
    ("arterial", ("xy_east", "x_g30_xinyi")),
    ("park", ("xycz_entry", "xycz_fire", "xycz_c", "xycz_e")),
    ("park", ("xycz_c", "xycz_n", "g_hengsheng_chloralkali", "xycz_e")),
    ("park", ("xycz_e", "g_anda_phosgene", "xycz_s")),
    ("park", ("xycz_c", "xycz_s", "g_kangtuo_pharma", "xycz_entry")),
    # Suining
    ("arterial", ("x_g2513_suining", "sn_station")),
    ("arterial", ("x_g2513_suining", "sn_west")),
    ("local", ("sn_center", "sn_fire", "sn_west")),
    ("local", ("sn_center", "sn_hosp", "sn_east")),
    ("arterial", ("sn_center", "sn_east", "sn_shaji")),
    ("local", ("sn_east", "g_lvhuan_hazwaste")),
    ("arterial", ("sn_west", "sn_shuanggou")),
    ("arterial", ("sn_shaji", "xy_yaowan")),
    # Fengxian and Peixian (county roads; the S69 Ji-Xu expressway is deliberately not modelled)
    ("arterial", ("c_jiuli", "t_zhengji", "fx_huashan", "fx_southeast", "fx_center")),  # 徐丰公路
    ("local", ("fx_center", "fx_fire", "fx_east")),
    ("local", ("fx_center", "fx_hosp", "fx_southeast")),
    ("arterial", ("fx_center", "fx_east", "fx_songlou", "px_west", "px_center")),  # 丰沛公路
    ("arterial", ("c_n3_sd", "t_liuxin", "px_jingan", "px_south", "px_center")),  # 徐沛快速通道
    ("arterial", ("t_zhengji", "t_liuxin")),
    ("local", ("px_center", "px_fire", "px_west")),
    ("local", ("px_center", "px_hosp", "px_datun")),
    ("arterial", ("px_center", "px_datun")),
    ("arterial", ("px_south", "px_edz_entry")),
    ("arterial", ("px_center", "px_edz_entry")),
    ("park", ("px_edz_entry", "px_edz_c", "px_edz_s", "g_longyuan_coalchem")),
    ("park", ("px_edz_c", "g_longyuan_coalchem")),
    ("arterial", ("px_edz_s", "px_jingan")),
    # expressways
    ("expressway", ("x_g30_w_border", "x_g30_xz_west", "x_g30_xz_south", "x_hub_se", "x_g30_daxu",
                    "x_g30_bayiji", "x_g30_pizhou", "x_g30_g2_hub", "x_g30_xinyi", "x_g30_e_end")),
    ("expressway", ("x_g3_n_border", "x_g3_liguo", "x_g3_maocun", "x_g3_dahuangshan", "x_hub_se",
                    "x_g3_fangcun", "x_g3_s_border")),
    ("expressway", ("x_hub_se", "x_g2513_airport", "x_g2513_suining", "x_g2513_se_end")),
    ("expressway", ("x_g2_n_border", "x_g30_g2_hub", "x_g2_xinyi_s", "x_g2_s_end")),
    ("arterial", ("x_g30_daxu", "t_daxu")),
]
# fmt: on

GROUPS = [
    ("c_", "central city (鼓楼 / 云龙 / 泉山)"),
    ("t_", "Tongshan District (铜山区)"),
    ("p_", "Xuzhou Economic and Technological Development Zone (徐州经开区, in Tongshan)"),
    ("j", "Jiawang District (贾汪区) and Jiawang Industrial Park"),
    ("pz", "Pizhou (邳州市) and Pizhou Chemical Industry Zone"),
    ("xy", "Xinyi (新沂市) and Xinyi Chemical Industry Zone"),
    ("sn", "Suining County (睢宁县)"),
    ("fx", "Fengxian County (丰县)"),
    ("px", "Peixian County (沛县) and Peixian Economic Development Zone"),
    ("x_", "expressway interchanges (G30 连霍, G3 京台, G2513 淮徐, G2 京沪, 徐贾快速通道)"),
]


def all_nodes() -> list[tuple[str, str, str, float, float, str]]:
    """The grid junctions followed by the listed nodes."""
    out = []
    for ew, ew_zh, ew_en, y in EW:
        for ns, ns_zh, ns_en, x in NS:
            if (ew, ns) in RING_CORNERS:
                zh, en = RING_CORNERS[(ew, ns)]
            elif (ew, ns) == ("hh", "zs"):
                zh, en = "彭城广场（淮海路/中山路口）", "Pengcheng Square (Huaihai Rd / Zhongshan Rd)"
            else:
                zh, en = f"{ew_zh}/{ns_zh}口", f"{ew_en} / {ns_en}"
            out.append((grid_id(ew, ns), zh, en, x, y, urban_district(x, y)))
    return out + NODES


def all_edges() -> list[tuple[str, str, str]]:
    """Grid streets (arterials) plus the chains, each pair once."""
    pairs: list[tuple[str, str, str]] = []
    for ew, *_ in EW:
        ids = [grid_id(ew, ns) for ns, *_ in NS]
        cls = "expressway" if ew in RING3 else "arterial"
        pairs += [(a, b, cls) for a, b in pairwise(ids)]
    for ns, *_ in NS:
        ids = [grid_id(ew, ns) for ew, *_ in EW]
        cls = "expressway" if ns in RING3 else "arterial"
        pairs += [(a, b, cls) for a, b in pairwise(ids)]
    # 苏堤路 passes 云龙湖 between 和平路 and 三环南路: route it through the lake node instead
    pairs = [p for p in pairs if {p[0], p[1]} != {"c_hp_sd", "c_s3_sd"}]
    for cls, ids in CHAINS:
        pairs += [(a, b, cls) for a, b in pairwise(ids)]
    seen: set[frozenset[str]] = set()
    out = []
    for a, b, cls in pairs:
        key = frozenset((a, b))
        if key in seen:
            raise SystemExit(f"duplicate edge {a}-{b}")
        seen.add(key)
        out.append((a, b, cls))
    return out


def length_km(a: tuple[float, float], b: tuple[float, float], ida: str, idb: str, cls: str) -> float:
    """Straight line × class detour factor, nudged ±0.04 by a stable hash of the two ids."""
    h = hashlib.sha256("|".join(sorted((ida, idb))).encode()).digest()
    nudge = (h[0] / 255.0 - 0.5) * 0.08
    return round(max(math.dist(a, b) * (FACTOR[cls] + nudge), 0.1), 2)


def build() -> tuple[list, list]:
    """Validated node and edge tables (ids unique, ends known, graph connected)."""
    nodes = all_nodes()
    ids = [n[0] for n in nodes]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise SystemExit(f"duplicate node ids: {sorted(dup)}")
    pos = {n[0]: (n[3], n[4]) for n in nodes}
    edges = []
    for a, b, cls in all_edges():
        for end in (a, b):
            if end not in pos:
                raise SystemExit(f"edge {a}-{b}: unknown node {end}")
        edges.append((a, b, cls, length_km(pos[a], pos[b], a, b, cls)))
    g = nx.Graph()
    g.add_nodes_from(ids)
    g.add_edges_from((a, b) for a, b, _, _ in edges)
    if not nx.is_connected(g):
        parts = sorted(nx.connected_components(g), key=len)
        raise SystemExit(f"road graph not connected: {[sorted(p) for p in parts[:-1]]}")
    return nodes, edges


def q(s: str) -> str:
    """YAML-safe scalar for a name (quote when YAML would misread it)."""
    plain = yaml.safe_load(s) == s and not any(c in s for c in ':#,[]{}"')
    return s if plain else '"' + s.replace('"', '\\"') + '"'


def render(nodes: list, edges: list) -> str:
    """The YAML text of roads.yaml (stable order, one flow mapping per line)."""
    lines = [
        "# The sample city's road network. GENERATED by tools/gen_roads.py — edit the script, not this file.",
        "# The sample city is modelled on Xuzhou (徐州): districts, towns, roads and interchanges are real places",
        "# at approximate positions; gate nodes g_<enterprise_id> and the nodes next to fire stations, hospitals,",
        "# EMS centres and hazmat teams belong to FICTIONAL enterprises and responders (no real addresses or phones).",
        "# Coordinates: km, x east, y north, origin 彭城广场 Pengcheng Square (~34.26N 117.18E);",
        "# 1° lat ≈ 111 km, 1° lon ≈ 92 km. Lengths: straight line × 1.08-1.27 (class detour factor).",
        "# Deliberately left out: the S69 Ji-Xu expressway past Peixian (the sample city's Peixian park is reached",
        "# by county roads only, which is one of the capacity gaps the sample is built to show).",
        "nodes:",
    ]
    groups: dict[str, list] = {}
    for n in nodes:
        prefix = next(p for p, _ in GROUPS if n[0].startswith(p)) if not n[0].startswith("g_") else None
        if prefix is None:  # gates sit with the area of their district
            prefix = {
                "gulou": "c_",
                "yunlong": "c_",
                "quanshan": "c_",
                "tongshan": "t_",
                "jiawang": "j",
                "pizhou": "pz",
                "xinyi": "xy",
                "suining": "sn",
                "fengxian": "fx",
                "peixian": "px",
            }[n[5]]
            if n[0] == "g_jingyuan_polysilicon":
                prefix = "p_"
        groups.setdefault(prefix, []).append(n)
    for prefix, title in GROUPS:
        lines.append(f"  # --- {title}")
        for nid, zh, en, x, y, d in groups.get(prefix, []):
            lines.append(
                f"  - {{id: {nid}, name_zh: {q(zh)}, name_en: {q(en)}, x_km: {x:.1f}, y_km: {y:.1f}, district: {d}}}"
            )
    lines.append("edges:")
    for a, b, cls, km in edges:
        lines.append(f"  - {{from: {a}, to: {b}, class: {cls}, length_km: {km}}}")
    return "\n".join(lines) + "\n"


def check(nodes: list, edges: list) -> None:
    """Print turnout + travel minutes (no congestion) from hazmat-capable responders to every gate."""
    g = nx.Graph()
    for a, b, cls, km in edges:
        g.add_edge(a, b, w=km / SPEED[cls] * 60.0)
    city = ROOT / "kb" / "city"
    fs = yaml.safe_load((city / "fire_stations.yaml").read_text(encoding="utf-8"))["stations"]
    ems = yaml.safe_load((city / "ems.yaml").read_text(encoding="utf-8"))
    sources = [(s["id"], s["node"], s["turnout_min"], s["hazmat_units"]) for s in fs]
    sources += [(t["id"], t["node"], t["turnout_min"], t["units"]) for t in ems.get("hazmat_teams", [])]
    gates = [n[0] for n in nodes if n[0].startswith("g_")]
    for gate in gates:
        dist = nx.single_source_dijkstra_path_length(g, gate, weight="w")
        fire = sorted((dist[node] + tm, sid) for sid, node, tm, _ in sources)
        haz = sorted((dist[node] + tm, sid) for sid, node, tm, units in sources if units > 0)
        print(
            f"{gate:26s} first fire {fire[0][0]:5.1f} ({fire[0][1]}); hazmat "
            + ", ".join(f"{t:5.1f} {s}" for t, s in haz[:3])
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="print response times to every gate")
    args = ap.parse_args(argv)
    nodes, edges = build()
    OUT.write_text(render(nodes, edges), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(nodes)} nodes, {len(edges)} edges", file=sys.stderr)
    if args.check:
        check(nodes, edges)
    return 0


if __name__ == "__main__":
    sys.exit(main())
