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
}

export const PROVINCES: readonly Province[] = [
  { code: '001', name: 'Hà Nội', plate: '29' },
  { code: '002', name: 'Hà Giang', plate: '23' },
  { code: '004', name: 'Cao Bằng', plate: '11' },
  { code: '006', name: 'Bắc Kạn', plate: '97' },
  { code: '008', name: 'Tuyên Quang', plate: '22' },
  { code: '010', name: 'Lào Cai', plate: '24' },
  { code: '011', name: 'Điện Biên', plate: '27' },
  { code: '012', name: 'Lai Châu', plate: '25' },
  { code: '014', name: 'Sơn La', plate: '26' },
  { code: '015', name: 'Yên Bái', plate: '21' },
  { code: '017', name: 'Hòa Bình', plate: '28' },
  { code: '019', name: 'Thái Nguyên', plate: '20' },
  { code: '020', name: 'Lạng Sơn', plate: '12' },
  { code: '022', name: 'Quảng Ninh', plate: '14' },
  { code: '024', name: 'Bắc Giang', plate: '98' },
  { code: '025', name: 'Phú Thọ', plate: '19' },
  { code: '026', name: 'Vĩnh Phúc', plate: '88' },
  { code: '027', name: 'Bắc Ninh', plate: '99' },
  { code: '030', name: 'Hải Dương', plate: '34' },
  { code: '031', name: 'Hải Phòng', plate: '15' },
  { code: '033', name: 'Hưng Yên', plate: '89' },
  { code: '034', name: 'Thái Bình', plate: '17' },
  { code: '035', name: 'Hà Nam', plate: '90' },
  { code: '036', name: 'Nam Định', plate: '18' },
  { code: '037', name: 'Ninh Bình', plate: '35' },
  { code: '038', name: 'Thanh Hóa', plate: '36' },
  { code: '040', name: 'Nghệ An', plate: '37' },
  { code: '042', name: 'Hà Tĩnh', plate: '38' },
  { code: '044', name: 'Quảng Bình', plate: '73' },
  { code: '045', name: 'Quảng Trị', plate: '74' },
  { code: '046', name: 'Thừa Thiên Huế', plate: '75' },
  { code: '048', name: 'Đà Nẵng', plate: '43' },
  { code: '049', name: 'Quảng Nam', plate: '92' },
  { code: '051', name: 'Quảng Ngãi', plate: '76' },
  { code: '052', name: 'Bình Định', plate: '77' },
  { code: '054', name: 'Phú Yên', plate: '78' },
  { code: '056', name: 'Khánh Hòa', plate: '79' },
  { code: '058', name: 'Ninh Thuận', plate: '85' },
  { code: '060', name: 'Bình Thuận', plate: '86' },
  { code: '062', name: 'Kon Tum', plate: '82' },
  { code: '064', name: 'Gia Lai', plate: '81' },
  { code: '066', name: 'Đắk Lắk', plate: '47' },
  { code: '067', name: 'Đắk Nông', plate: '48' },
  { code: '068', name: 'Lâm Đồng', plate: '49' },
  { code: '070', name: 'Bình Phước', plate: '93' },
  { code: '072', name: 'Tây Ninh', plate: '70' },
  { code: '074', name: 'Bình Dương', plate: '61' },
  { code: '075', name: 'Đồng Nai', plate: '60' },
  { code: '077', name: 'Bà Rịa - Vũng Tàu', plate: '72' },
  { code: '079', name: 'Hồ Chí Minh', plate: '59' },
  { code: '080', name: 'Long An', plate: '62' },
  { code: '082', name: 'Tiền Giang', plate: '63' },
  { code: '083', name: 'Bến Tre', plate: '71' },
  { code: '084', name: 'Trà Vinh', plate: '84' },
  { code: '086', name: 'Vĩnh Long', plate: '64' },
  { code: '087', name: 'Đồng Tháp', plate: '66' },
  { code: '089', name: 'An Giang', plate: '67' },
  { code: '091', name: 'Kiên Giang', plate: '68' },
  { code: '092', name: 'Cần Thơ', plate: '65' },
  { code: '093', name: 'Hậu Giang', plate: '95' },
  { code: '094', name: 'Sóc Trăng', plate: '83' },
  { code: '095', name: 'Bạc Liêu', plate: '94' },
  { code: '096', name: 'Cà Mau', plate: '69' },
];

const byCode = new Map(PROVINCES.map((p) => [p.code, p]));

export function provinceByCode(code: string): Province | undefined {
  return byCode.get(code);
}
