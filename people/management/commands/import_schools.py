from people.importing import schools_import

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "匯入學校清單（學校代碼、學校名稱、行政區、學習階段、班級數、策略聯盟工作圈、待加強_領域_學年度）。"
    service = staticmethod(schools_import)
