#!/usr/bin/env python3
"""Writes server/data/institutions/institutions.json from the tables below.

The register is data; this script only saves typing (63 provinces). Edit the tables, run
`python3 tools/institutions/build-register.py`, commit both. Every body and every change
names its sources (ids in SOURCES); README.md beside the JSON lists them.
"""
import json, os

SOURCES = {
  "vna-ten-ministries": {"title": "Ten ministries merged into five after apparatus streamlining (VNA, 25/1/2025)", "url": "https://vietnam.vnanet.vn/english/tin-van/ten-ministries-merged-into-five-after-apparatus-streamlining-minister-386847.html"},
  "nq176-bdttg": {"title": "Công bố nghị quyết thành lập Bộ Dân tộc và Tôn giáo: Nghị quyết 176/2025/QH15, Nghị định 41/2025/NĐ-CP (NLĐ, 1/3/2025)", "url": "https://archive.vietnam.vn/?p=1354107"},
  "bdttg-from-0301": {"title": "Ministry of Ethnic Minorities and Religions in operation from March 1, 2025; Resolution 176/2025/QH15 of Feb 18 (VietnamPlus)", "url": "https://vietnam.vn/en/bo-dan-toc-va-ton-giao-lam-tot-su-menh-de-dat-nuoc-vung-buoc-trong-ky-nguyen-moi"},
  "mof-merger": {"title": "Government streamlines Ministry of Finance: merger with MPI, Vietnam Social Security, GSO becomes a department (VietNamNet)", "url": "https://vietnamnet.vn./en/government-streamlines-ministry-of-finance-reducing-bureaucracy-by-37-7-2369655.html"},
  "nd33-bxd": {"title": "Nghị định 33/2025/NĐ-CP: functions of the Ministry of Construction, including transport", "url": "https://luatgpt.vn/legal-document/33-2025-nd-cp-decree-no-33-2025-nd-cp-on-the-functions-tasks-powers-and-organiza"},
  "nd55-bkhcn": {"title": "Nghị định 55/2025/NĐ-CP on the Ministry of Science and Technology after the merger, in force 1/3/2025", "url": "https://dientuungdung.vn/co-cau-to-chuc-cua-bo-khoa-hoc-va-cong-nghe-sau-khi-hop-nhat-8176.html"},
  "bnnmt-name": {"title": "Unified name after merging MARD and MONRE: Ministry of Agriculture and Environment (Lao Động)", "url": "https://news.laodong.vn/thoi-su/thong-nhat-ten-goi-sau-khi-hop-nhat-bo-nnptnt-va-bo-tnmt-1438177.ldo"},
  "dang-bo-chinh-phu-51": {"title": "51 tổ chức đảng trực thuộc Đảng ủy Chính phủ: the current ministries by name (VietnamPlus, 13/10/2025)", "url": "https://www.vietnamplus.vn/51-to-chuc-dang-truc-thuoc-dang-uy-chinh-phu-post1070014.vnp"},
  "nd28-bng-bdn": {"title": "Bộ Ngoại giao tiếp nhận công chức Ban Đối ngoại Trung ương; functions integrated by Nghị định 28/2025/NĐ-CP of 24/2/2025 (Báo Quốc tế)", "url": "http://id.baoquocte.vn/pho-thu-tuong-bo-truong-bui-thanh-son-chu-tri-hoi-nghi-cong-bo-cac-quyet-dinh-ve-cong-tac-can-bo-cua-bo-ngoai-giao-306716.html"},
  "bng-nd28": {"title": "Nghị định 28/2025/NĐ-CP ngày 24/02/2025: functions of the Ministry of Foreign Affairs, incl. Party external relations and people-to-people diplomacy (Báo Mới)", "url": "https://baomoi.net.vn/co-cau-to-chuc-cua-bo-ngoai-giao-c51567550.epi"},
  "btgdv-merge": {"title": "Hợp nhất Ban Tuyên giáo Trung ương và Ban Dân vận Trung ương; Ban Chính sách, chiến lược Trung ương (Znews, 3/2/2025)", "url": "https://znews.vn/ong-nguyen-trong-nghia-lam-truong-ban-tuyen-giao-va-dan-van-trung-uong-post1527701.html"},
  "bcscl-new-name": {"title": "Ban Chính sách, chiến lược Trung ương: 2025 the first year under its new name (SGGP, 26/12/2025)", "url": "https://www.sggp.org.vn/nang-cao-chat-luong-cong-tac-nghien-cuu-tham-muu-de-xuat-chinh-sach-chien-luoc-post830732.html"},
  "bcscl-qd247": {"title": "Ban Chính sách, chiến lược Trung ương works under Quyết định 247-QĐ/TW of the Politburo (VnEconomy)", "url": "https://vneconomy.vn/ban-chinh-sach-chien-luoc-trung-uong-trien-khai-nhiem-vu-nam-2026.htm"},
  "qh-committees": {"title": "Nghị quyết về việc tổ chức các cơ quan của Quốc hội, 18/2/2025 (Báo Đồng Khởi)", "url": "https://baodongkhoi.vn/quoc-hoi-quyet-dinh-viec-to-chuc-cac-co-quan-cua-quoc-hoi-so-thanh-vien-cua-uy-ban-thuong-vu-quoc-h-a142531.html"},
  "qd381-382": {"title": "Decisions 381/QĐ-BTC (Tax Department, formerly General Department of Taxation) and 382/QĐ-BTC (Customs Department), in force 1/3/2025 (Crowe)", "url": "https://crowe.com/vn/news/restructuring-of-tax-authority-and-customs"},
  "cuc-hai-quan": {"title": "Không còn Tổng cục Hải quan: Cục Hải quan inherits its functions from 1/3/2025 (NLĐ)", "url": "https://vjs.vietnam.vn/en/khong-con-tong-cuc-hai-quan-giam-485-dau-moi-toan-nganh-sau-sap-xep-bo-may"},
  "cuc-thong-ke": {"title": "Cục Thống kê under the Ministry of Finance, Quyết định 384/QĐ-BTC of 26/2/2025 (encyclopedia entry)", "url": "https://defzone.net/wiki/T%E1%BB%95ng_c%E1%BB%A5c_Th%E1%BB%91ng_k%C3%AA_(Vi%E1%BB%87t_Nam)"},
  "ubqlv-dissolved": {"title": "Nghị quyết 58/NQ-CP ngày 21/3/2025 giải thể Ủy ban Quản lý vốn nhà nước tại doanh nghiệp; enterprises to the Ministry of Finance", "url": "https://doanhnghiephoinhap.vn/giai-the-uy-ban-quan-ly-von-nha-nuoc-tai-doanh-nghiep-98965.html"},
  "pvn-rename": {"title": "Quyết định 733/QĐ-TTg ngày 9/4/2025: Tập đoàn Dầu khí Việt Nam renamed Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam", "url": "https://suckhoeviet.org.vn/tap-doan-dau-khi-viet-nam-chinh-thuc-doi-ten-thanh-tap-doan-cong-nghiep-nang-luong-quoc-gia-viet-nam-17519.html"},
  "hue-2025": {"title": "Nghị quyết 175/2024/QH15: tỉnh Thừa Thiên Huế becomes thành phố Huế from 1/1/2025 (Ngôi Sao)", "url": "https://ngoisao.vn/theo-dong-su-kien/kien-thuc/viet-nam-lan-dau-tien-co-2-thanh-pho-truc-thuoc-trung-uong-lien-ke-nhau-do-la-449752.htm"},
  "vns-34-provinces": {"title": "Việt Nam sets two-tier local government system: 34 provinces and cities from July 1, districts abolished (Việt Nam News, 4/7/2025)", "url": "https://vietnamnews.vn/politics-laws/1720781/viet-nam-sets-two-tier-local-government-system.html"},
  "map-34": {"title": "Official new map of Vietnam's 34 provinces and cities after the 2025 merger (resolution of 12/6/2025)", "url": "https://vietaustralia.com/en/official-new-map-of-vietnam-s-34-provinces-and-cities-after-the-2025-merger.html"},
  "qdnd-34": {"title": "Vietnam unveils administrative overhaul reducing provincial-level units from 63 to 34 (QĐND)", "url": "https://en.qdnd.vn/politics/news/vietnam-unveils-administrative-overhaul-reducing-provincial-level-units-from-63-to-34-577115"},
  "nq203-district": {"title": "Nghị quyết 203/2025/QH15: kết thúc đơn vị hành chính cấp huyện (nhansu.vn)", "url": "https://nhansu.vn/tim-kiem-bai-viet?tukhoa=k%E1%BA%BFt+th%C3%BAc+%C4%91%C6%A1n+v%E1%BB%8B+h%C3%A0nh+ch%C3%ADnh+c%E1%BA%A5p+huy%E1%BB%87n"},
  "vnat-2023": {"title": "Nghị định 01/2023/NĐ-CP: Tổng cục Du lịch renamed Cục Du lịch Quốc gia Việt Nam from 20/2/2023 (Đại biểu Nhân dân)", "url": "https://daibieunhandan.vn/du-lich-the-thao/tong-cuc-du-lich-thanh-cuc-du-lich-quoc-gia-viet-nam-i314491/"},
  "tdtt-2023": {"title": "Tổng cục Thể dục Thể thao becomes Cục Thể dục Thể thao on 1/7/2023 (Nghị định 01/2023/NĐ-CP, Quyết định 1440/QĐ-BVHTTDL)", "url": "http://bongrovn365.com/mirr_cac-mon-the-thao-khac/tong-cuc-the-duc-the-thao-chinh-thuc-chuyen-sang-mo-hinh-cuc-tdtt-tu-hom-nay-ngay-1-7-Tw1HZF9VR.htm"},
  "mttq-ctxh": {"title": "The five socio-political organisations of Điều 9 of the 2013 Constitution", "url": "https://vcreme.edu.vn/to-chuc-chinh-tri-xa-hoi-la-gi/"},
  "mttq-2025": {"title": "From 1/7/2025 the Fatherland Front and the socio-political organisations work under the new model (Báo Mới)", "url": "https://baomoi.net.vn/tag/C%C3%B4ng-v%C4%83n-s%E1%BB%91-1018%2FCV_MTTW_BTT.epi"},
  "dang-bo-chinh-phu": {"title": "Kết thúc hoạt động Ban cán sự đảng Chính phủ, thành lập Đảng bộ Chính phủ (3/2/2025)", "url": "https://vietnam.vn/bo-chinh-tri-chi-dinh-dong-chi-pham-minh-chinh-giu-chuc-bi-thu-dang-uy-chinh-phu"},
}

bodies = []
def body(id, kind, full, en=None, short=(), acronyms=(), parent=None, validFrom=None, validTo=None, successors=(), sources=(), note=None):
    b = {"id": id, "kind": kind, "names": {"full": full}}
    if short: b["names"]["short"] = list(short)
    if acronyms: b["names"]["acronyms"] = list(acronyms)
    if en: b["names"]["en"] = en
    if parent: b["parent"] = parent
    if validFrom: b["validFrom"] = validFrom
    if validTo: b["validTo"] = validTo
    if successors: b["successors"] = [dict(s) for s in successors]
    b["sources"] = list(sources)
    if note: b["note"] = note
    bodies.append(b)

def succ(id, date, moved, what=None):
    s = {"id": id, "date": date, "moved": moved}
    if what: s["what"] = what
    return s

GOV = ["nq176-bdttg", "dang-bo-chinh-phu-51"]
body("chinh-phu", "government", "Chính phủ", "Government of Viet Nam", sources=["nq176-bdttg"])
# Current ministries and ministerial-level agencies (Nghị quyết 176/2025/QH15: 14 ministries, 3 ministerial-level agencies)
body("bo-quoc-phong", "ministry", "Bộ Quốc phòng", "Ministry of National Defence", acronyms=["BQP", "MND"], parent="chinh-phu", sources=["vna-ten-ministries"])
body("bo-cong-an", "ministry", "Bộ Công an", "Ministry of Public Security", acronyms=["BCA", "MPS"], parent="chinh-phu", sources=["vna-ten-ministries"])
body("bo-ngoai-giao", "ministry", "Bộ Ngoại giao", "Ministry of Foreign Affairs", acronyms=["BNG", "MOFA"], parent="chinh-phu", sources=GOV + ["bng-nd28"])
body("bo-noi-vu", "ministry", "Bộ Nội vụ", "Ministry of Home Affairs", acronyms=["BNV", "MOHA"], parent="chinh-phu", sources=GOV + ["vna-ten-ministries"])
body("bo-tu-phap", "ministry", "Bộ Tư pháp", "Ministry of Justice", acronyms=["BTP", "MOJ"], parent="chinh-phu", sources=GOV)
body("bo-tai-chinh", "ministry", "Bộ Tài chính", "Ministry of Finance", acronyms=["BTC", "MOF"], parent="chinh-phu", sources=GOV + ["mof-merger"])
body("bo-cong-thuong", "ministry", "Bộ Công Thương", "Ministry of Industry and Trade", acronyms=["BCT", "MOIT"], parent="chinh-phu", sources=GOV)
body("bo-nong-nghiep-va-moi-truong", "ministry", "Bộ Nông nghiệp và Môi trường", "Ministry of Agriculture and Environment", short=["Bộ NN&MT", "Bộ NNMT"], acronyms=["BNNMT", "MAE"], parent="chinh-phu", validFrom="2025-03-01", sources=GOV + ["bnnmt-name", "vna-ten-ministries"])
body("bo-xay-dung", "ministry", "Bộ Xây dựng", "Ministry of Construction", acronyms=["BXD", "MOC"], parent="chinh-phu", sources=GOV + ["nd33-bxd"])
body("bo-van-hoa-the-thao-va-du-lich", "ministry", "Bộ Văn hóa, Thể thao và Du lịch", "Ministry of Culture, Sports and Tourism", short=["Bộ VHTTDL", "Bộ VH-TT&DL", "Bộ VHTT&DL"], acronyms=["BVHTTDL", "MOCST"], parent="chinh-phu", sources=GOV)
body("bo-khoa-hoc-va-cong-nghe", "ministry", "Bộ Khoa học và Công nghệ", "Ministry of Science and Technology", short=["Bộ KH&CN", "Bộ KHCN"], acronyms=["BKHCN", "MOST"], parent="chinh-phu", sources=GOV + ["nd55-bkhcn"])
body("bo-giao-duc-va-dao-tao", "ministry", "Bộ Giáo dục và Đào tạo", "Ministry of Education and Training", short=["Bộ GD&ĐT", "Bộ GDĐT"], acronyms=["BGDĐT", "MOET"], parent="chinh-phu", sources=GOV)
body("bo-y-te", "ministry", "Bộ Y tế", "Ministry of Health", acronyms=["BYT", "MOH"], parent="chinh-phu", sources=GOV)
body("bo-dan-toc-va-ton-giao", "ministry", "Bộ Dân tộc và Tôn giáo", "Ministry of Ethnic and Religious Affairs", acronyms=["BDTTG"], parent="chinh-phu", validFrom="2025-03-01", sources=["nq176-bdttg", "bdttg-from-0301"])
body("ngan-hang-nha-nuoc", "ministerial-agency", "Ngân hàng Nhà nước Việt Nam", "State Bank of Viet Nam", acronyms=["NHNN", "SBV"], parent="chinh-phu", sources=GOV)
body("thanh-tra-chinh-phu", "ministerial-agency", "Thanh tra Chính phủ", "Government Inspectorate", acronyms=["TTCP"], parent="chinh-phu", sources=GOV)
body("van-phong-chinh-phu", "ministerial-agency", "Văn phòng Chính phủ", "Government Office", acronyms=["VPCP"], parent="chinh-phu", sources=GOV)

# Retired ministries (from 1/3/2025: the new ministries operate; Nghị quyết 176/2025/QH15 of 18/2/2025)
M = "2025-03-01"
body("bo-ke-hoach-va-dau-tu", "ministry", "Bộ Kế hoạch và Đầu tư", "Ministry of Planning and Investment", short=["Bộ KH&ĐT", "Bộ KHĐT", "Bộ KH-ĐT", "Bộ Kế hoạch - Đầu tư"], acronyms=["BKHĐT", "MPI"], parent="chinh-phu", validTo=M,
     successors=[succ("bo-tai-chinh", M, "whole", "merged into the Ministry of Finance")], sources=["vna-ten-ministries", "mof-merger", "nq176-bdttg"])
body("bo-giao-thong-van-tai", "ministry", "Bộ Giao thông vận tải", "Ministry of Transport", short=["Bộ GTVT", "Bộ GT-VT", "Bộ Giao thông - Vận tải"], acronyms=["BGTVT"], parent="chinh-phu", validTo=M,
     successors=[succ("bo-xay-dung", M, "whole", "merged into the Ministry of Construction")], sources=["vna-ten-ministries", "nd33-bxd"])
body("bo-tai-nguyen-va-moi-truong", "ministry", "Bộ Tài nguyên và Môi trường", "Ministry of Natural Resources and Environment", short=["Bộ TN&MT", "Bộ TNMT", "Bộ TN-MT"], acronyms=["BTNMT", "MONRE"], parent="chinh-phu", validTo=M,
     successors=[succ("bo-nong-nghiep-va-moi-truong", M, "whole", "merged with the Ministry of Agriculture and Rural Development")], sources=["vna-ten-ministries", "bnnmt-name"])
body("bo-nong-nghiep-va-phat-trien-nong-thon", "ministry", "Bộ Nông nghiệp và Phát triển nông thôn", "Ministry of Agriculture and Rural Development", short=["Bộ NN&PTNT", "Bộ NNPTNT", "Bộ NN-PTNT"], acronyms=["BNNPTNT", "MARD"], parent="chinh-phu", validTo=M,
     successors=[succ("bo-nong-nghiep-va-moi-truong", M, "whole", "merged with the Ministry of Natural Resources and Environment")], sources=["vna-ten-ministries", "bnnmt-name"])
body("bo-thong-tin-va-truyen-thong", "ministry", "Bộ Thông tin và Truyền thông", "Ministry of Information and Communications", short=["Bộ TT&TT", "Bộ TTTT", "Bộ Thông tin - Truyền thông"], acronyms=["BTTTT"], parent="chinh-phu", validTo=M,
     successors=[succ("bo-khoa-hoc-va-cong-nghe", M, "whole", "merged into the Ministry of Science and Technology")], sources=["vna-ten-ministries", "nd55-bkhcn"])
body("bo-lao-dong-thuong-binh-va-xa-hoi", "ministry", "Bộ Lao động - Thương binh và Xã hội", "Ministry of Labour, Invalids and Social Affairs", short=["Bộ LĐ-TB&XH", "Bộ LĐTBXH", "Bộ Lao động, Thương binh và Xã hội"], acronyms=["BLĐTBXH", "MOLISA"], parent="chinh-phu", validTo=M,
     successors=[succ("bo-noi-vu", M, "part", "merged into the Ministry of Home Affairs; some functions to the Ministries of Education and Health")], sources=["vna-ten-ministries"])
body("uy-ban-dan-toc", "ministerial-agency", "Ủy ban Dân tộc", "Committee for Ethnic Minority Affairs", acronyms=["UBDT", "CEMA"], parent="chinh-phu", validTo=M,
     successors=[succ("bo-dan-toc-va-ton-giao", M, "whole", "became the Ministry of Ethnic and Religious Affairs, which also took religious affairs from the Ministry of Home Affairs")], sources=["vna-ten-ministries", "nq176-bdttg", "bdttg-from-0301"])
body("uy-ban-quan-ly-von-nha-nuoc", "government-agency", "Ủy ban Quản lý vốn nhà nước tại doanh nghiệp", "Commission for the Management of State Capital at Enterprises", short=["Ủy ban Quản lý vốn nhà nước"], acronyms=["UBQLV", "CMSC"], parent="chinh-phu", validTo="2025-03-21",
     successors=[succ("bo-tai-chinh", "2025-03-21", "part", "dissolved (Nghị quyết 58/NQ-CP); 18 groups and corporations went to the Ministry of Finance")], sources=["ubqlv-dissolved"])

# General departments that became departments of the Ministry of Finance (1/3/2025)
body("cuc-thue", "department", "Cục Thuế", "Department of Taxation", parent="bo-tai-chinh", validFrom=M, sources=["qd381-382"])
body("cuc-hai-quan", "department", "Cục Hải quan", "Customs Department", parent="bo-tai-chinh", validFrom=M, sources=["qd381-382", "cuc-hai-quan"])
body("cuc-thong-ke", "department", "Cục Thống kê", "National Statistics Office", acronyms=["NSO"], parent="bo-tai-chinh", validFrom=M, sources=["cuc-thong-ke"])
body("tong-cuc-thue", "general-department", "Tổng cục Thuế", "General Department of Taxation", parent="bo-tai-chinh", validTo=M,
     successors=[succ("cuc-thue", M, "whole", "became the Department of Taxation (Quyết định 381/QĐ-BTC)")], sources=["qd381-382"])
body("tong-cuc-hai-quan", "general-department", "Tổng cục Hải quan", "General Department of Customs", acronyms=["TCHQ"], parent="bo-tai-chinh", validTo=M,
     successors=[succ("cuc-hai-quan", M, "whole", "became the Customs Department (Quyết định 382/QĐ-BTC)")], sources=["qd381-382", "cuc-hai-quan"])
body("tong-cuc-thong-ke", "general-department", "Tổng cục Thống kê", "General Statistics Office", acronyms=["TCTK", "GSO"], parent="bo-ke-hoach-va-dau-tu", validTo=M,
     successors=[succ("cuc-thong-ke", M, "whole", "became the Statistics Office under the Ministry of Finance (Quyết định 384/QĐ-BTC)")], sources=["cuc-thong-ke", "mof-merger"])

# General departments that became departments before 2025 (Ministry of Culture, Sports and Tourism)
body("cuc-du-lich-quoc-gia", "department", "Cục Du lịch Quốc gia Việt Nam", "Viet Nam National Authority of Tourism", parent="bo-van-hoa-the-thao-va-du-lich", validFrom="2023-02-20", sources=["vnat-2023"])
body("tong-cuc-du-lich", "general-department", "Tổng cục Du lịch", "Viet Nam National Administration of Tourism", short=["Tổng cục Du lịch Việt Nam"], parent="bo-van-hoa-the-thao-va-du-lich", validTo="2023-02-20",
     successors=[succ("cuc-du-lich-quoc-gia", "2023-02-20", "whole", "renamed Cục Du lịch Quốc gia Việt Nam (Nghị định 01/2023/NĐ-CP)")], sources=["vnat-2023"])
body("cuc-the-duc-the-thao", "department", "Cục Thể dục thể thao", "Sports Authority of Viet Nam", parent="bo-van-hoa-the-thao-va-du-lich", validFrom="2023-07-01", sources=["tdtt-2023"])
body("tong-cuc-the-duc-the-thao", "general-department", "Tổng cục Thể dục thể thao", "General Department of Sports and Physical Training", parent="bo-van-hoa-the-thao-va-du-lich", validTo="2023-07-01",
     successors=[succ("cuc-the-duc-the-thao", "2023-07-01", "whole", "became Cục Thể dục thể thao (Nghị định 01/2023/NĐ-CP)")], sources=["tdtt-2023"])

# The Fatherland Front and the socio-political organisations (names unchanged; organised within the Front from 1/7/2025)
body("mat-tran-to-quoc", "front", "Mặt trận Tổ quốc Việt Nam", "Viet Nam Fatherland Front", short=["Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"], acronyms=["MTTQ", "MTTQVN"], sources=["mttq-ctxh", "mttq-2025"])
for id, full, en, acr in [("doan-thanh-nien", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Ho Chi Minh Communist Youth Union", ["ĐTNCSHCM"]),
                          ("tong-lien-doan-lao-dong", "Tổng Liên đoàn Lao động Việt Nam", "Viet Nam General Confederation of Labour", ["TLĐLĐVN"]),
                          ("hoi-lien-hiep-phu-nu", "Hội Liên hiệp Phụ nữ Việt Nam", "Viet Nam Women's Union", ["HLHPNVN"]),
                          ("hoi-nong-dan", "Hội Nông dân Việt Nam", "Viet Nam Farmers' Union", ["HNDVN"]),
                          ("hoi-cuu-chien-binh", "Hội Cựu chiến binh Việt Nam", "Viet Nam Veterans' Association", ["HCCBVN"])]:
    body(id, "mass-organisation", full, en, acronyms=acr, parent="mat-tran-to-quoc", sources=["mttq-ctxh", "mttq-2025"],
         note="A socio-political organisation (Điều 9 of the 2013 Constitution); from 1/7/2025 it works within the Fatherland Front under the new model.")

# State-owned group renamed
body("tap-doan-cong-nghiep-nang-luong-quoc-gia", "state-enterprise", "Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam", "Vietnam National Industry - Energy Group (Petrovietnam)", acronyms=["PVN"], validFrom="2025-04-09", sources=["pvn-rename"])
body("tap-doan-dau-khi-viet-nam", "state-enterprise", "Tập đoàn Dầu khí Việt Nam", "Vietnam Oil and Gas Group", short=["Tập đoàn Dầu khí Quốc gia Việt Nam"], validTo="2025-04-09",
     successors=[succ("tap-doan-cong-nghiep-nang-luong-quoc-gia", "2025-04-09", "whole", "renamed (Quyết định 733/QĐ-TTg); the short name Petrovietnam and the acronym PVN stay")], sources=["pvn-rename"])

# Party central commissions and offices
body("dang-cong-san-viet-nam", "party", "Đảng Cộng sản Việt Nam", "Communist Party of Viet Nam", acronyms=["ĐCSVN", "CPV"], sources=["btgdv-merge"])
P = "2025-02-03"
body("ban-tuyen-giao-va-dan-van-trung-uong", "party-commission", "Ban Tuyên giáo và Dân vận Trung ương", "Central Commission for Propaganda and Mass Mobilisation", acronyms=["BTGDVTW"], parent="dang-cong-san-viet-nam", validFrom=P, sources=["btgdv-merge"])
body("ban-chinh-sach-chien-luoc-trung-uong", "party-commission", "Ban Chính sách, chiến lược Trung ương", "Central Policy and Strategy Commission", parent="dang-cong-san-viet-nam", validFrom=P, sources=["btgdv-merge", "bcscl-qd247", "bcscl-new-name"])
body("ban-to-chuc-trung-uong", "party-commission", "Ban Tổ chức Trung ương", "Central Organisation Commission", acronyms=["BTCTW"], parent="dang-cong-san-viet-nam", sources=["btgdv-merge"])
body("van-phong-trung-uong-dang", "party-commission", "Văn phòng Trung ương Đảng", "Office of the Party Central Committee", acronyms=["VPTW"], parent="dang-cong-san-viet-nam", sources=["btgdv-merge"])
TW = lambda base: [base + " TW", base + " T.Ư", base + " TƯ", base + " Trung ương Đảng"]
body("ban-tuyen-giao-trung-uong", "party-commission", "Ban Tuyên giáo Trung ương", "Central Propaganda and Education Commission", short=TW("Ban Tuyên giáo"), acronyms=["BTGTW"], parent="dang-cong-san-viet-nam", validTo=P,
     successors=[succ("ban-tuyen-giao-va-dan-van-trung-uong", P, "whole", "merged with Ban Dân vận Trung ương")], sources=["btgdv-merge"])
body("ban-dan-van-trung-uong", "party-commission", "Ban Dân vận Trung ương", "Central Mass Mobilisation Commission", short=TW("Ban Dân vận"), acronyms=["BDVTW"], parent="dang-cong-san-viet-nam", validTo=P,
     successors=[succ("ban-tuyen-giao-va-dan-van-trung-uong", P, "whole", "merged with Ban Tuyên giáo Trung ương")], sources=["btgdv-merge"])
body("ban-kinh-te-trung-uong", "party-commission", "Ban Kinh tế Trung ương", "Central Economic Commission", short=TW("Ban Kinh tế"), acronyms=["BKTTW"], parent="dang-cong-san-viet-nam", validTo=P,
     successors=[succ("ban-chinh-sach-chien-luoc-trung-uong", P, "whole", "reorganised and renamed Ban Chính sách, chiến lược Trung ương (Quyết định 247-QĐ/TW)")], sources=["btgdv-merge", "bcscl-new-name", "bcscl-qd247"])
body("ban-doi-ngoai-trung-uong", "party-commission", "Ban Đối ngoại Trung ương", "Central Commission for External Relations", short=TW("Ban Đối ngoại"), acronyms=["BĐNTW"], parent="dang-cong-san-viet-nam", validTo="2025-02-24",
     successors=[succ("bo-ngoai-giao", "2025-02-24", "whole", "ended; its functions and staff went to the Ministry of Foreign Affairs (Nghị định 28/2025/NĐ-CP)")], sources=["nd28-bng-bdn", "bng-nd28"],
     note="Date: the decree that gave its functions to the Ministry of Foreign Affairs (24/2/2025).")
body("ban-can-su-dang-chinh-phu", "party-committee", "Ban cán sự đảng Chính phủ", "Government Party Affairs Committee", parent="dang-cong-san-viet-nam", validTo=P,
     successors=[succ("dang-bo-chinh-phu", P, "whole", "ended; Đảng bộ Chính phủ founded (Quyết định 243-QĐ/TW)")], sources=["dang-bo-chinh-phu", "dang-bo-chinh-phu-51"])
body("dang-bo-chinh-phu", "party-committee", "Đảng bộ Chính phủ", "Government Party Organisation", short=["Đảng ủy Chính phủ"], parent="dang-cong-san-viet-nam", validFrom=P, sources=["dang-bo-chinh-phu", "dang-bo-chinh-phu-51"])

# National Assembly bodies (Nghị quyết of 18/2/2025 on the organisation of the National Assembly's bodies)
Q = "2025-02-18"
body("quoc-hoi", "national-assembly", "Quốc hội", "National Assembly", acronyms=["QH"], sources=["qh-committees"])
QHS = lambda base: [base + " của Quốc hội", base + " Quốc hội"]
for id, full, en in [("hoi-dong-dan-toc", "Hội đồng Dân tộc", "Ethnic Council"),
                     ("uy-ban-phap-luat-va-tu-phap", "Ủy ban Pháp luật và Tư pháp", "Committee for Law and Justice"),
                     ("uy-ban-kinh-te-va-tai-chinh", "Ủy ban Kinh tế và Tài chính", "Committee for Economic and Financial Affairs"),
                     ("uy-ban-quoc-phong-an-ninh-va-doi-ngoai", "Ủy ban Quốc phòng, An ninh và Đối ngoại", "Committee for National Defence, Security and Foreign Affairs"),
                     ("uy-ban-van-hoa-va-xa-hoi", "Ủy ban Văn hóa và Xã hội", "Committee for Culture and Society"),
                     ("uy-ban-khoa-hoc-cong-nghe-va-moi-truong", "Ủy ban Khoa học, Công nghệ và Môi trường", "Committee for Science, Technology and Environment"),
                     ("uy-ban-cong-tac-dai-bieu", "Ủy ban Công tác đại biểu", "Committee for Deputies' Affairs"),
                     ("uy-ban-dan-nguyen-va-giam-sat", "Ủy ban Dân nguyện và Giám sát", "Committee for People's Petitions and Supervision")]:
    body(id, "assembly-committee", full, en, parent="quoc-hoi", sources=["qh-committees"])
for id, full, en, to, moved, what in [
    ("uy-ban-doi-ngoai-quoc-hoi", "Ủy ban Đối ngoại của Quốc hội", "Committee for Foreign Affairs", "uy-ban-quoc-phong-an-ninh-va-doi-ngoai", "part", "ended; its tasks went to the Committee for National Defence, Security and Foreign Affairs, the National Assembly Office and the Ministry of Foreign Affairs"),
    ("uy-ban-quoc-phong-va-an-ninh", "Ủy ban Quốc phòng và An ninh", "Committee for National Defence and Security", "uy-ban-quoc-phong-an-ninh-va-doi-ngoai", "whole", "renamed Ủy ban Quốc phòng, An ninh và Đối ngoại"),
    ("uy-ban-phap-luat", "Ủy ban Pháp luật của Quốc hội", "Committee for Legal Affairs", "uy-ban-phap-luat-va-tu-phap", "whole", "merged with the Judicial Committee"),
    ("uy-ban-tu-phap", "Ủy ban Tư pháp của Quốc hội", "Judicial Committee", "uy-ban-phap-luat-va-tu-phap", "whole", "merged with the Committee for Legal Affairs"),
    ("uy-ban-kinh-te", "Ủy ban Kinh tế của Quốc hội", "Economic Committee", "uy-ban-kinh-te-va-tai-chinh", "whole", "merged with the Finance and Budget Committee"),
    ("uy-ban-tai-chinh-ngan-sach", "Ủy ban Tài chính, Ngân sách", "Finance and Budget Committee", "uy-ban-kinh-te-va-tai-chinh", "whole", "merged with the Economic Committee"),
    ("uy-ban-xa-hoi", "Ủy ban Xã hội của Quốc hội", "Social Affairs Committee", "uy-ban-van-hoa-va-xa-hoi", "whole", "merged with the Committee for Culture and Education"),
    ("uy-ban-van-hoa-giao-duc", "Ủy ban Văn hóa, Giáo dục", "Committee for Culture and Education", "uy-ban-van-hoa-va-xa-hoi", "whole", "merged with the Social Affairs Committee"),
    ("ban-dan-nguyen", "Ban Dân nguyện", "People's Petitions Committee", "uy-ban-dan-nguyen-va-giam-sat", "whole", "renamed and raised to Ủy ban Dân nguyện và Giám sát"),
    ("ban-cong-tac-dai-bieu", "Ban Công tác đại biểu", "Deputies' Affairs Committee", "uy-ban-cong-tac-dai-bieu", "whole", "renamed and raised to Ủy ban Công tác đại biểu")]:
    base = full.replace(" của Quốc hội", "")
    short = [base + " Quốc hội"] if base != full else []
    if id == "uy-ban-tai-chinh-ngan-sach": short = ["Ủy ban Tài chính - Ngân sách"]
    body(id, "assembly-committee", full, en, short=short, parent="quoc-hoi", validTo=Q, successors=[succ(to, Q, moved, what)], sources=["qh-committees"])

# Provinces: 63 → 34 from 1/7/2025 (Nghị quyết 202/2025/QH15, passed 12/6/2025)
PR = "2025-07-01"
UNCHANGED = [("ha-noi", "thành phố Hà Nội", "Hà Nội", "city"), ("lai-chau", "tỉnh Lai Châu", "Lai Châu", "province"), ("dien-bien", "tỉnh Điện Biên", "Điện Biên", "province"),
             ("son-la", "tỉnh Sơn La", "Sơn La", "province"), ("lang-son", "tỉnh Lạng Sơn", "Lạng Sơn", "province"), ("quang-ninh", "tỉnh Quảng Ninh", "Quảng Ninh", "province"),
             ("thanh-hoa", "tỉnh Thanh Hóa", "Thanh Hóa", "province"), ("nghe-an", "tỉnh Nghệ An", "Nghệ An", "province"), ("ha-tinh", "tỉnh Hà Tĩnh", "Hà Tĩnh", "province"),
             ("cao-bang", "tỉnh Cao Bằng", "Cao Bằng", "province")]
for id, full, short, kind in UNCHANGED:
    body(id, kind, full, short, parent=None, sources=["map-34", "qdnd-34"])
body("hue", "city", "thành phố Huế", "Huế", short=["TP Huế", "TP. Huế"], validFrom="2025-01-01", sources=["hue-2025", "map-34"])
body("thua-thien-hue", "province", "tỉnh Thừa Thiên Huế", "Thừa Thiên Huế", short=["tỉnh Thừa Thiên - Huế", "tỉnh TT-Huế"], validTo="2025-01-01", successors=[succ("hue", "2025-01-01", "whole", "became the centrally-run thành phố Huế (Nghị quyết 175/2024/QH15)")], sources=["hue-2025"])
# new unit: (id, full, kind, [merged-in former units (id, full)], keeps its own name as one of the former)
NEW = [
  ("tuyen-quang", "tỉnh Tuyên Quang", "province", ["Hà Giang"]),
  ("lao-cai", "tỉnh Lào Cai", "province", ["Yên Bái"]),
  ("thai-nguyen", "tỉnh Thái Nguyên", "province", ["Bắc Kạn"]),
  ("phu-tho", "tỉnh Phú Thọ", "province", ["Vĩnh Phúc", "Hòa Bình"]),
  ("bac-ninh", "tỉnh Bắc Ninh", "province", ["Bắc Giang"]),
  ("hung-yen", "tỉnh Hưng Yên", "province", ["Thái Bình"]),
  ("hai-phong", "thành phố Hải Phòng", "city", ["Hải Dương"]),
  ("ninh-binh", "tỉnh Ninh Bình", "province", ["Hà Nam", "Nam Định"]),
  ("quang-tri", "tỉnh Quảng Trị", "province", ["Quảng Bình"]),
  ("da-nang", "thành phố Đà Nẵng", "city", ["Quảng Nam"]),
  ("quang-ngai", "tỉnh Quảng Ngãi", "province", ["Kon Tum"]),
  ("gia-lai", "tỉnh Gia Lai", "province", ["Bình Định"]),
  ("khanh-hoa", "tỉnh Khánh Hòa", "province", ["Ninh Thuận"]),
  ("lam-dong", "tỉnh Lâm Đồng", "province", ["Đắk Nông", "Bình Thuận"]),
  ("dak-lak", "tỉnh Đắk Lắk", "province", ["Phú Yên"]),
  ("ho-chi-minh", "Thành phố Hồ Chí Minh", "city", ["Bình Dương", "Bà Rịa - Vũng Tàu"]),
  ("dong-nai", "tỉnh Đồng Nai", "province", ["Bình Phước"]),
  ("tay-ninh", "tỉnh Tây Ninh", "province", ["Long An"]),
  ("can-tho", "thành phố Cần Thơ", "city", ["Sóc Trăng", "Hậu Giang"]),
  ("vinh-long", "tỉnh Vĩnh Long", "province", ["Bến Tre", "Trà Vinh"]),
  ("dong-thap", "tỉnh Đồng Tháp", "province", ["Tiền Giang"]),
  ("ca-mau", "tỉnh Cà Mau", "province", ["Bạc Liêu"]),
  ("an-giang", "tỉnh An Giang", "province", ["Kiên Giang"]),
]
import unicodedata, re
def slug(s):
    s = unicodedata.normalize('NFD', s).replace('đ', 'd').replace('Đ', 'D')
    s = ''.join(c for c in s if unicodedata.category(c) != 'Mn').lower()
    return re.sub(r'[^a-z0-9]+', '-', s).strip('-')
for id, full, kind, merged in NEW:
    short = full.replace("tỉnh ", "").replace("thành phố ", "").replace("Thành phố ", "")
    extra = ["TP.HCM", "TP HCM", "TP. Hồ Chí Minh", "TP Hồ Chí Minh", "thành phố Hồ Chí Minh"] if id == "ho-chi-minh" else (["TP " + short, "TP. " + short] if kind == "city" else [])
    body(id, kind, full, short, short=extra, validFrom=PR, sources=["vns-34-provinces", "map-34", "qdnd-34"],
         note="Formed on 1/7/2025 from " + " and ".join([short] + merged) + " (Nghị quyết 202/2025/QH15).")
    for m in merged:
        mid = slug(m)
        shorts = ["tỉnh Bà Rịa-Vũng Tàu", "tỉnh Bà Rịa – Vũng Tàu", "tỉnh BR-VT"] if m == "Bà Rịa - Vũng Tàu" else []
        if m == "Đắk Nông": shorts = ["tỉnh Đăk Nông", "tỉnh Đắc Nông"]
        body(mid, "province", "tỉnh " + m, m, short=shorts, validTo=PR,
             successors=[succ(id, PR, "whole", "merged into " + full)], sources=["vns-34-provinces", "map-34", "qdnd-34"])

# The district level (cấp huyện) ended on 1/7/2025
body("cap-huyen", "administrative-level", "đơn vị hành chính cấp huyện", "district level (districts, urban districts, towns, provincial cities)",
     short=["Ủy ban nhân dân huyện", "UBND huyện", "UBND quận", "UBND thị xã", "Ủy ban nhân dân quận", "Ủy ban nhân dân thị xã", "Hội đồng nhân dân huyện", "HĐND huyện", "HĐND quận"], validTo=PR,
     successors=[], sources=["nq203-district", "vns-34-provinces"],
     note="The district level ended on 1/7/2025 (Nghị quyết 203/2025/QH15 amending the Constitution); its work went to the provinces and the communes: there is no single successor to name.")

# Acronyms: only those the bundled glossary gives for the same name (each glossary entry of a
# retired body carries its source) and that mean nothing else there, so the register never claims an unchecked acronym.
glossary = json.load(open(os.path.join(os.path.dirname(__file__), "..", "..", "server", "data", "glossary.json"), encoding="utf-8"))["entries"]
pairs = {(e["acronym"], e["vi"]) for e in glossary}
dropped = []
for b in bodies:
    names = [b["names"]["full"]] + b["names"].get("short", [])
    acr = b["names"].get("acronyms", [])
    # and only unambiguous ones: BCT is Bộ Chính trị as often as Bộ Công Thương
    meanings = lambda a: {e["vi"] for e in glossary if e["acronym"] == a}
    keep = [a for a in acr if any((a, n) in pairs for n in names) and meanings(a) <= set(names)]
    dropped += [(b["id"], a) for a in acr if a not in keep]
    if keep: b["names"]["acronyms"] = keep
    elif "acronyms" in b["names"]: del b["names"]["acronyms"]
print("acronyms not in the glossary for that name, left out:", dropped)

data = {"version": 1, "asOf": "2026-12-07",
        "about": "Dated register of Vietnamese institutions and their 2025 restructuring. Written by tools/institutions/build-register.py; sources in README.md.",
        "sources": SOURCES, "bodies": bodies}
ids = [b["id"] for b in bodies]
assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
for b in bodies:
    for s in b.get("successors", []): assert s["id"] in ids, s
    for s in b["sources"]: assert s in SOURCES, s
    if b.get("parent"): assert b["parent"] in ids, b["parent"]
provinces = [b for b in bodies if b["kind"] in ("province", "city")]
print("bodies", len(bodies), "provincial units", len(provinces), "current", sum(1 for b in provinces if "validTo" not in b), "former (to 1/7/2025)", sum(1 for b in provinces if b.get("validTo") == PR))
out = os.path.join(os.path.dirname(__file__), "..", "..", "server", "data", "institutions", "institutions.json")
with open(out, "w", encoding="utf-8") as f:
    f.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
