/**
 * Provinces as they were before the July 2025 merger, keyed by the 3-digit code that personal ID
 * numbers carry (the birth-registration province; Circular 07/2016/TT-BCA). The code is the
 * national statistics office's province code, zero-padded; `plate` is the province's main vehicle
 * plate prefix. Personal IDs keep these historical codes forever, so this list never shrinks.
 */
export interface Province {
  code: string;
  name: string;
  plate: string;
  /** The code of the province in force since 1 July 2025 that this one merged into (or became). */
  mergedInto: string;
}

export const PROVINCES: readonly Province[] = [
  { code: '001', name: 'Hà Nội', plate: '29', mergedInto: '01' },
  { code: '002', name: 'Hà Giang', plate: '23', mergedInto: '08' },
  { code: '004', name: 'Cao Bằng', plate: '11', mergedInto: '04' },
  { code: '006', name: 'Bắc Kạn', plate: '97', mergedInto: '19' },
  { code: '008', name: 'Tuyên Quang', plate: '22', mergedInto: '08' },
  { code: '010', name: 'Lào Cai', plate: '24', mergedInto: '15' },
  { code: '011', name: 'Điện Biên', plate: '27', mergedInto: '11' },
  { code: '012', name: 'Lai Châu', plate: '25', mergedInto: '12' },
  { code: '014', name: 'Sơn La', plate: '26', mergedInto: '14' },
  { code: '015', name: 'Yên Bái', plate: '21', mergedInto: '15' },
  { code: '017', name: 'Hòa Bình', plate: '28', mergedInto: '25' },
  { code: '019', name: 'Thái Nguyên', plate: '20', mergedInto: '19' },
  { code: '020', name: 'Lạng Sơn', plate: '12', mergedInto: '20' },
  { code: '022', name: 'Quảng Ninh', plate: '14', mergedInto: '22' },
  { code: '024', name: 'Bắc Giang', plate: '98', mergedInto: '24' },
  { code: '025', name: 'Phú Thọ', plate: '19', mergedInto: '25' },
  { code: '026', name: 'Vĩnh Phúc', plate: '88', mergedInto: '25' },
  { code: '027', name: 'Bắc Ninh', plate: '99', mergedInto: '24' },
  { code: '030', name: 'Hải Dương', plate: '34', mergedInto: '31' },
  { code: '031', name: 'Hải Phòng', plate: '15', mergedInto: '31' },
  { code: '033', name: 'Hưng Yên', plate: '89', mergedInto: '33' },
  { code: '034', name: 'Thái Bình', plate: '17', mergedInto: '33' },
  { code: '035', name: 'Hà Nam', plate: '90', mergedInto: '37' },
  { code: '036', name: 'Nam Định', plate: '18', mergedInto: '37' },
  { code: '037', name: 'Ninh Bình', plate: '35', mergedInto: '37' },
  { code: '038', name: 'Thanh Hóa', plate: '36', mergedInto: '38' },
  { code: '040', name: 'Nghệ An', plate: '37', mergedInto: '40' },
  { code: '042', name: 'Hà Tĩnh', plate: '38', mergedInto: '42' },
  { code: '044', name: 'Quảng Bình', plate: '73', mergedInto: '44' },
  { code: '045', name: 'Quảng Trị', plate: '74', mergedInto: '44' },
  { code: '046', name: 'Thừa Thiên Huế', plate: '75', mergedInto: '46' },
  { code: '048', name: 'Đà Nẵng', plate: '43', mergedInto: '48' },
  { code: '049', name: 'Quảng Nam', plate: '92', mergedInto: '48' },
  { code: '051', name: 'Quảng Ngãi', plate: '76', mergedInto: '51' },
  { code: '052', name: 'Bình Định', plate: '77', mergedInto: '52' },
  { code: '054', name: 'Phú Yên', plate: '78', mergedInto: '66' },
  { code: '056', name: 'Khánh Hòa', plate: '79', mergedInto: '56' },
  { code: '058', name: 'Ninh Thuận', plate: '85', mergedInto: '56' },
  { code: '060', name: 'Bình Thuận', plate: '86', mergedInto: '68' },
  { code: '062', name: 'Kon Tum', plate: '82', mergedInto: '51' },
  { code: '064', name: 'Gia Lai', plate: '81', mergedInto: '52' },
  { code: '066', name: 'Đắk Lắk', plate: '47', mergedInto: '66' },
  { code: '067', name: 'Đắk Nông', plate: '48', mergedInto: '68' },
  { code: '068', name: 'Lâm Đồng', plate: '49', mergedInto: '68' },
  { code: '070', name: 'Bình Phước', plate: '93', mergedInto: '75' },
  { code: '072', name: 'Tây Ninh', plate: '70', mergedInto: '80' },
  { code: '074', name: 'Bình Dương', plate: '61', mergedInto: '79' },
  { code: '075', name: 'Đồng Nai', plate: '60', mergedInto: '75' },
  { code: '077', name: 'Bà Rịa - Vũng Tàu', plate: '72', mergedInto: '79' },
  { code: '079', name: 'Hồ Chí Minh', plate: '59', mergedInto: '79' },
  { code: '080', name: 'Long An', plate: '62', mergedInto: '80' },
  { code: '082', name: 'Tiền Giang', plate: '63', mergedInto: '82' },
  { code: '083', name: 'Bến Tre', plate: '71', mergedInto: '86' },
  { code: '084', name: 'Trà Vinh', plate: '84', mergedInto: '86' },
  { code: '086', name: 'Vĩnh Long', plate: '64', mergedInto: '86' },
  { code: '087', name: 'Đồng Tháp', plate: '66', mergedInto: '82' },
  { code: '089', name: 'An Giang', plate: '67', mergedInto: '91' },
  { code: '091', name: 'Kiên Giang', plate: '68', mergedInto: '91' },
  { code: '092', name: 'Cần Thơ', plate: '65', mergedInto: '92' },
  { code: '093', name: 'Hậu Giang', plate: '95', mergedInto: '92' },
  { code: '094', name: 'Sóc Trăng', plate: '83', mergedInto: '92' },
  { code: '095', name: 'Bạc Liêu', plate: '94', mergedInto: '96' },
  { code: '096', name: 'Cà Mau', plate: '69', mergedInto: '96' },
];

const byCode = new Map(PROVINCES.map((p) => [p.code, p]));

export function provinceByCode(code: string): Province | undefined {
  return byCode.get(code);
}

/**
 * The 34 provinces in force since 1 July 2025 (Resolution 202/2025/QH15), keyed by the statistics
 * office's 2-digit code (Decision 19/2025/QĐ-TTg): each took the code of one of the provinces it
 * merged (*public rule*). Residences carry 2-digit codes; a pre-2025 code maps to its successor by
 * `successorOf`, and every new code is also the old code of one of its own predecessors, so a
 * residence code means one successor whichever list it was written with.
 */
export interface CurrentProvince {
  code: string;
  name: string;
}

export const CURRENT_PROVINCES: readonly CurrentProvince[] = [
  { code: '01', name: 'Hà Nội' },
  { code: '04', name: 'Cao Bằng' },
  { code: '08', name: 'Tuyên Quang' },
  { code: '11', name: 'Điện Biên' },
  { code: '12', name: 'Lai Châu' },
  { code: '14', name: 'Sơn La' },
  { code: '15', name: 'Lào Cai' },
  { code: '19', name: 'Thái Nguyên' },
  { code: '20', name: 'Lạng Sơn' },
  { code: '22', name: 'Quảng Ninh' },
  { code: '24', name: 'Bắc Ninh' },
  { code: '25', name: 'Phú Thọ' },
  { code: '31', name: 'Hải Phòng' },
  { code: '33', name: 'Hưng Yên' },
  { code: '37', name: 'Ninh Bình' },
  { code: '38', name: 'Thanh Hóa' },
  { code: '40', name: 'Nghệ An' },
  { code: '42', name: 'Hà Tĩnh' },
  { code: '44', name: 'Quảng Trị' },
  { code: '46', name: 'Huế' },
  { code: '48', name: 'Đà Nẵng' },
  { code: '51', name: 'Quảng Ngãi' },
  { code: '52', name: 'Gia Lai' },
  { code: '56', name: 'Khánh Hòa' },
  { code: '66', name: 'Đắk Lắk' },
  { code: '68', name: 'Lâm Đồng' },
  { code: '75', name: 'Đồng Nai' },
  { code: '79', name: 'Hồ Chí Minh' },
  { code: '80', name: 'Tây Ninh' },
  { code: '82', name: 'Đồng Tháp' },
  { code: '86', name: 'Vĩnh Long' },
  { code: '91', name: 'An Giang' },
  { code: '92', name: 'Cần Thơ' },
  { code: '96', name: 'Cà Mau' },
];

const currentByCode = new Map(CURRENT_PROVINCES.map((p) => [p.code, p]));
const successorByResidenceCode = new Map(PROVINCES.map((p) => [p.code.slice(1), p.mergedInto]));

export function currentProvinceByCode(code: string): CurrentProvince | undefined {
  return currentByCode.get(code);
}

/** The province in force today for a 2-digit residence province code (old or new). */
export function successorOf(residenceCode: string): string | undefined {
  return successorByResidenceCode.get(residenceCode);
}

/** The pre-2025 provinces that merged into a province in force. */
export function predecessorsOf(code: string): Province[] {
  return PROVINCES.filter((p) => p.mergedInto === code);
}
